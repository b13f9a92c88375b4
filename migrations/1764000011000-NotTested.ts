import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complete panels (issue 16, deliverable 1):
 * - panel_rules.analytes: the analytes a complete test of a group must report. Sets loaded before
 *   keep null there (they named groups only); the column is added, no stored row is changed.
 * - not_tested_marks: a manager's "not tested, because …" for a required analyte, kept per COA
 *   version like the results, and frozen with them on release (a trigger refuses any later change).
 * - coa_documents.overall may be 'incomplete': a partial certificate, never a pass.
 */
export class NotTested1764000011000 implements MigrationInterface {
  name = 'NotTested1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE panel_rules ADD COLUMN analytes text[]`);

    await q.query(`
      CREATE TABLE not_tested_marks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sample_id uuid NOT NULL REFERENCES samples(id),
        version integer NOT NULL CHECK (version > 0),
        analyte_group text NOT NULL,
        analyte text NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        marked_by uuid REFERENCES users(id),
        marked_by_label text NOT NULL,
        marked_at timestamptz NOT NULL DEFAULT now(),
        frozen boolean NOT NULL DEFAULT false,
        UNIQUE (sample_id, version, analyte)
      )`);
    await q.query(`
      CREATE FUNCTION refuse_frozen_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.frozen THEN
          RAISE EXCEPTION 'not-tested mark % is released and frozen; amend the COA instead (% refused)', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER not_tested_marks_frozen BEFORE UPDATE OR DELETE ON not_tested_marks
      FOR EACH ROW EXECUTE FUNCTION refuse_frozen_mark_change()`);

    await q.query(`ALTER TABLE coa_documents DROP CONSTRAINT coa_documents_overall_check`);
    await q.query(`ALTER TABLE coa_documents ADD CONSTRAINT coa_documents_overall_check CHECK (overall IN ('pass', 'fail', 'incomplete'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coa_documents DROP CONSTRAINT coa_documents_overall_check`);
    await q.query(`ALTER TABLE coa_documents ADD CONSTRAINT coa_documents_overall_check CHECK (overall IN ('pass', 'fail'))`);
    await q.query(`DROP TABLE not_tested_marks`);
    await q.query(`DROP FUNCTION refuse_frozen_mark_change()`);
    await q.query(`ALTER TABLE panel_rules DROP COLUMN analytes`);
  }
}
