import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-person rules for power (issue 16). One table of approval requests serves every kind (a role
 * grant, a rule set's activation, …): who asked, who decided, how and why. The database itself refuses
 * a decision by the requester and any change to a decided request.
 *
 * Rule sets gain a status: an uploaded set is `pending` and never in force until a second admin
 * approves it. Sets stored before this migration were in force already and stay `approved`, decided
 * by 'labtrace (before two-person approval)'. The append-only trigger on rule_sets is replaced by one
 * that allows exactly one change: recording the decision on a pending set.
 */
export class TwoPersonApprovals1764000014000 implements MigrationInterface {
  name = 'TwoPersonApprovals1764000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$'),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        summary text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_by_id uuid,
        requested_by_label text NOT NULL,
        decided_by_id uuid,
        decided_by_label text,
        reason text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CONSTRAINT approval_requests_decided_check CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by_label IS NULL)),
        CONSTRAINT approval_requests_reason_check CHECK (status <> 'rejected' OR length(btrim(coalesce(reason, ''))) > 0),
        CONSTRAINT approval_requests_second_person_check CHECK (decided_by_id IS NULL OR requested_by_id IS NULL OR decided_by_id <> requested_by_id)
      )`);
    // One open request per subject and kind; the list of pending requests is the admins' queue.
    await q.query(`CREATE UNIQUE INDEX approval_requests_one_pending_idx ON approval_requests (kind, subject_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX approval_requests_status_idx ON approval_requests (status, requested_at DESC)`);
    await q.query(`
      CREATE FUNCTION approval_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'pending'
           OR (to_jsonb(NEW) - ${DECISION_COLUMNS.approval}) IS DISTINCT FROM (to_jsonb(OLD) - ${DECISION_COLUMNS.approval}) THEN
          RAISE EXCEPTION 'approval_requests is append-only: only a pending request''s decision may be recorded (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER approval_requests_decide_once BEFORE UPDATE OR DELETE ON approval_requests
      FOR EACH ROW EXECUTE FUNCTION approval_requests_decide_once()`);

    // Existing sets were in force already: the defaults fill them (no UPDATE, so no trigger), then change.
    await q.query(`
      ALTER TABLE rule_sets
        ADD COLUMN status text NOT NULL DEFAULT 'approved' CHECK (status IN ('pending', 'approved', 'rejected')),
        ADD COLUMN decided_by text DEFAULT 'labtrace (before two-person approval)',
        ADD COLUMN decided_at timestamptz DEFAULT now()`);
    await q.query(
      `ALTER TABLE rule_sets ALTER COLUMN status SET DEFAULT 'pending', ALTER COLUMN decided_by DROP DEFAULT, ALTER COLUMN decided_at DROP DEFAULT`,
    );
    await q.query(`ALTER TABLE rule_sets ADD CONSTRAINT rule_sets_decided_check CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL))`);
    await q.query(`DROP INDEX rule_sets_in_force_idx`);
    await q.query(`CREATE INDEX rule_sets_in_force_idx ON rule_sets (kind, effective_date DESC, created_at DESC) WHERE status = 'approved'`);
    await q.query(`
      CREATE FUNCTION rule_sets_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'pending' OR NEW.status = 'pending'
           OR (to_jsonb(NEW) - ${DECISION_COLUMNS.ruleSet}) IS DISTINCT FROM (to_jsonb(OLD) - ${DECISION_COLUMNS.ruleSet}) THEN
          RAISE EXCEPTION 'rule_sets is append-only: only a pending set''s decision may be recorded (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP TRIGGER rule_sets_append_only ON rule_sets`);
    await q.query(`CREATE TRIGGER rule_sets_decide_once BEFORE UPDATE OR DELETE ON rule_sets FOR EACH ROW EXECUTE FUNCTION rule_sets_decide_once()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER rule_sets_decide_once ON rule_sets`);
    await q.query(`DROP FUNCTION rule_sets_decide_once()`);
    // Sets never approved were never in force; before this migration every stored set was, so they go.
    const rowTables = (await q.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'rule_set_id' AND table_name <> 'rule_sets'`,
    )) as Array<{ table_name: string }>;
    for (const { table_name: rows } of rowTables) {
      await q.query(`ALTER TABLE ${rows} DISABLE TRIGGER USER`);
      await q.query(`DELETE FROM ${rows} WHERE rule_set_id IN (SELECT id FROM rule_sets WHERE status <> 'approved')`);
      await q.query(`ALTER TABLE ${rows} ENABLE TRIGGER USER`);
    }
    await q.query(`DELETE FROM rule_sets WHERE status <> 'approved'`);
    await q.query(`DROP INDEX rule_sets_in_force_idx`);
    await q.query(`CREATE INDEX rule_sets_in_force_idx ON rule_sets (kind, effective_date DESC, created_at DESC)`);
    await q.query(`ALTER TABLE rule_sets DROP CONSTRAINT rule_sets_decided_check`);
    await q.query(`ALTER TABLE rule_sets DROP COLUMN status, DROP COLUMN decided_by, DROP COLUMN decided_at`);
    await q.query(`CREATE TRIGGER rule_sets_append_only BEFORE UPDATE OR DELETE ON rule_sets FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);

    await q.query(`DROP TABLE approval_requests`);
    await q.query(`DROP FUNCTION approval_requests_decide_once()`);
  }
}

/** The columns a decision writes; every other column must stay as it was. */
const DECISION_COLUMNS = {
  approval: `'{status,decided_by_id,decided_by_label,reason,decided_at}'::text[]`,
  ruleSet: `'{status,decided_by,decided_at}'::text[]`,
};
