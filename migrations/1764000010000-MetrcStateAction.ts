import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Samples keyed by Metrc package labels (24 characters, digits and capitals) as well as BioTrack's
 * 16-digit ids: the adapter in use decides which, and checks them; the table takes either.
 *
 * An outbox row the state's API cannot take (a Metrc amendment: Metrc has no amend endpoint) waits as
 * `needs_state_action`, holding the exact steps a manager takes in the state's UI, until the manager
 * marks it done. It is not delivered and not dead: nothing pretends it reached the state.
 */
export class MetrcStateAction1764000010000 implements MigrationInterface {
  name = 'MetrcStateAction1764000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE samples DROP CONSTRAINT samples_sample_inventory_id_check`);
    await q.query(`ALTER TABLE samples ADD CONSTRAINT samples_sample_inventory_id_check CHECK (sample_inventory_id ~ '^([0-9]{16}|[0-9A-Z]{24})$')`);
    await q.query(`ALTER TABLE biotrack_submissions ADD COLUMN state_action text`);
    await q.query(`ALTER TABLE biotrack_submissions DROP CONSTRAINT biotrack_submissions_status_check`);
    await q.query(`
      ALTER TABLE biotrack_submissions ADD CONSTRAINT biotrack_submissions_status_check
        CHECK (status IN ('pending', 'delivered', 'dead', 'needs_state_action'))`);
    await q.query(`
      ALTER TABLE biotrack_submissions ADD CONSTRAINT biotrack_submissions_state_action_check
        CHECK (status <> 'needs_state_action' OR state_action IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Without the status, a waiting row is dead for a manager, its steps kept as its last error.
    await q.query(`UPDATE biotrack_submissions SET status = 'dead', last_error = state_action WHERE status = 'needs_state_action'`);
    await q.query(`ALTER TABLE biotrack_submissions DROP CONSTRAINT biotrack_submissions_state_action_check`);
    await q.query(`ALTER TABLE biotrack_submissions DROP CONSTRAINT biotrack_submissions_status_check`);
    await q.query(`
      ALTER TABLE biotrack_submissions ADD CONSTRAINT biotrack_submissions_status_check
        CHECK (status IN ('pending', 'delivered', 'dead'))`);
    await q.query(`ALTER TABLE biotrack_submissions DROP COLUMN state_action`);
    // Metrc-labelled samples may exist by now: the 16-digit rule returns for new rows only.
    await q.query(`ALTER TABLE samples DROP CONSTRAINT samples_sample_inventory_id_check`);
    await q.query(`ALTER TABLE samples ADD CONSTRAINT samples_sample_inventory_id_check CHECK (sample_inventory_id ~ '^[0-9]{16}$') NOT VALID`);
  }
}
