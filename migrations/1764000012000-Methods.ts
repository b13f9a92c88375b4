import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Methods, LOD and LOQ as data (issue 16, deliverable 2):
 * - rule sets get a third kind, 'methods'; a method set's rows (one per method and analyte, with the
 *   method's SOP, technique, instrument and the analyte's LOD and LOQ) live in method_analytes and,
 *   like every rule row, may only belong to a set of their kind and are never edited.
 * - each result row names the method (its id and the method set it came from); analysed_at exists.
 * - an analyte result may be 'inconclusive': ND or <LOQ by a method whose LOQ is above the limit.
 */
export class Methods1764000012000 implements MigrationInterface {
  name = 'Methods1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rule_sets DROP CONSTRAINT rule_sets_kind_check`);
    await q.query(`ALTER TABLE rule_sets ADD CONSTRAINT rule_sets_kind_check CHECK (kind IN ('limits', 'panels', 'methods'))`);
    await q.query(`
      CREATE TABLE method_analytes (
        rule_set_id uuid NOT NULL,
        kind text NOT NULL DEFAULT 'methods' CHECK (kind = 'methods'),
        method_id text NOT NULL,
        analyte text NOT NULL,
        analyte_group text NOT NULL,
        name text NOT NULL,
        sop_ref text NOT NULL,
        technique text NOT NULL,
        instrument text NOT NULL,
        lod numeric CHECK (lod >= 0),
        loq numeric CHECK (loq >= 0),
        unit text NOT NULL,
        PRIMARY KEY (rule_set_id, method_id, analyte),
        CONSTRAINT method_analytes_rule_set_fkey FOREIGN KEY (rule_set_id, kind) REFERENCES rule_sets (id, kind),
        CHECK (lod IS NOT NULL OR loq IS NOT NULL),
        CHECK (lod IS NULL OR loq IS NULL OR lod <= loq)
      )`);
    await q.query(
      `CREATE TRIGGER method_analytes_append_only BEFORE UPDATE OR DELETE ON method_analytes FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
    );

    await q.query(`ALTER TABLE analyte_results ADD COLUMN method_id text, ADD COLUMN method_set_id uuid REFERENCES rule_sets (id)`);
    await q.query(`ALTER TABLE analyte_results DROP CONSTRAINT analyte_results_status_check`);
    await q.query(
      `ALTER TABLE analyte_results ADD CONSTRAINT analyte_results_status_check CHECK (status IN ('pass', 'fail', 'report_only', 'no_limit', 'inconclusive'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Rows judged inconclusive cannot be kept under the old check; frozen ones refuse the change, as they should.
    const inconclusive = (await q.query(`SELECT count(*)::int AS n FROM analyte_results WHERE status = 'inconclusive'`)) as Array<{ n: number }>;
    if (inconclusive[0].n > 0)
      throw new Error(`${inconclusive[0].n} result(s) are judged inconclusive; the migration cannot be reverted without losing that verdict`);
    await q.query(`ALTER TABLE analyte_results DROP CONSTRAINT analyte_results_status_check`);
    await q.query(`ALTER TABLE analyte_results ADD CONSTRAINT analyte_results_status_check CHECK (status IN ('pass', 'fail', 'report_only', 'no_limit'))`);
    await q.query(`ALTER TABLE analyte_results DROP COLUMN method_set_id, DROP COLUMN method_id`);

    await q.query(`DROP TABLE method_analytes`);
    // Method sets go with their rows; the rule_sets trigger refuses deletes, so it is set aside for this.
    await q.query(`ALTER TABLE rule_sets DISABLE TRIGGER USER`);
    await q.query(`DELETE FROM rule_sets WHERE kind = 'methods'`);
    await q.query(`ALTER TABLE rule_sets ENABLE TRIGGER USER`);
    await q.query(`ALTER TABLE rule_sets DROP CONSTRAINT rule_sets_kind_check`);
    await q.query(`ALTER TABLE rule_sets ADD CONSTRAINT rule_sets_kind_check CHECK (kind IN ('limits', 'panels'))`);
  }
}
