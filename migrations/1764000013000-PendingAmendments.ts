import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Amendments need four eyes (issue 16). An amendment is a pending COA version N+1: its rows sit
 * unfrozen in analyte_results at version N+1 while this table holds who asked, why, and the diff
 * against N. A second manager releases it (then the rows freeze and the COA is issued) or it is
 * withdrawn by its author or rejected by a reviewer (then its rows are deleted). The database refuses
 * a second pending amendment of a sample, a release by the author, and any change to a decided one.
 */
export class PendingAmendments1764000013000 implements MigrationInterface {
  name = 'PendingAmendments1764000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coa_amendments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        version integer NOT NULL CHECK (version > 1),
        supersedes_version integer NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 10 AND 1000),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'released', 'withdrawn', 'rejected')),
        diff jsonb NOT NULL,
        requested_by uuid NOT NULL REFERENCES users(id),
        requested_by_label text NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_by_label text,
        decided_at timestamptz,
        decision_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT coa_amendments_next_version_check CHECK (version = supersedes_version + 1),
        CONSTRAINT coa_amendments_decided_check CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL)),
        CONSTRAINT coa_amendments_second_person_check CHECK (status <> 'released' OR decided_by <> requested_by),
        CONSTRAINT coa_amendments_decision_reason_check CHECK (status NOT IN ('withdrawn', 'rejected') OR length(btrim(coalesce(decision_reason, ''))) > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX coa_amendments_one_pending_idx ON coa_amendments (sample_id) WHERE status = 'pending'`);
    await q.query(`CREATE UNIQUE INDEX coa_amendments_released_version_idx ON coa_amendments (sample_id, version) WHERE status = 'released'`);
    await q.query(`CREATE INDEX coa_amendments_sample_idx ON coa_amendments (sample_id, created_at)`);
    // Only a pending amendment's decision may be recorded; everything else is history.
    await q.query(`
      CREATE FUNCTION coa_amendments_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'pending'
           OR (to_jsonb(NEW) - ${DECISION_COLUMNS}) IS DISTINCT FROM (to_jsonb(OLD) - ${DECISION_COLUMNS}) THEN
          RAISE EXCEPTION 'coa_amendments: only a pending amendment''s decision may be recorded (% refused)', TG_OP;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER coa_amendments_decide_once BEFORE UPDATE OR DELETE ON coa_amendments
      FOR EACH ROW EXECUTE FUNCTION coa_amendments_decide_once()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER coa_amendments_decide_once ON coa_amendments`);
    await q.query(`DROP FUNCTION coa_amendments_decide_once()`);
    await q.query(`DROP TABLE coa_amendments`);
  }
}

const DECISION_COLUMNS = `ARRAY['status', 'decided_by', 'decided_by_label', 'decided_at', 'decision_reason']`;
