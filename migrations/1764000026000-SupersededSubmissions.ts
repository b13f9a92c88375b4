import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row a later COA version of the same sample has replaced before it reached the state: it is
 * never sent (or sent again), since the state must end up holding the newest version, and it no longer
 * counts against the 48-hour clock. Not delivered and not dead: `superseded`, naming the version in
 * `last_error`.
 */
export class SupersededSubmissions1764000026000 implements MigrationInterface {
  name = 'SupersededSubmissions1764000026000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE biotrack_submissions DROP CONSTRAINT biotrack_submissions_status_check`);
    await q.query(`
      ALTER TABLE biotrack_submissions ADD CONSTRAINT biotrack_submissions_status_check
        CHECK (status IN ('pending', 'delivered', 'dead', 'needs_state_action', 'superseded'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Without the status, a superseded row is dead for a manager to see, its reason kept as its last error.
    await q.query(`UPDATE biotrack_submissions SET status = 'dead' WHERE status = 'superseded'`);
    await q.query(`ALTER TABLE biotrack_submissions DROP CONSTRAINT biotrack_submissions_status_check`);
    await q.query(`
      ALTER TABLE biotrack_submissions ADD CONSTRAINT biotrack_submissions_status_check
        CHECK (status IN ('pending', 'delivered', 'dead', 'needs_state_action'))`);
  }
}
