import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a result row refers to: its column, the table and the foreign key whose name a refusal keeps. */
const REFERENCES = [
  { column: 'sample_id', table: 'samples', constraint: 'analyte_results_sample_id_fkey' },
  { column: 'entered_by', table: 'users', constraint: 'analyte_results_entered_by_fkey' },
  { column: 'limit_set_id', table: 'rule_sets', constraint: 'analyte_results_limit_set_id_fkey' },
  { column: 'method_set_id', table: 'rule_sets', constraint: 'analyte_results_method_set_id_fkey' },
] as const;

/**
 * A result row's references (its sample, the user who entered it, its limit set and method set) are
 * checked once per statement instead of once per row.
 *
 * A foreign key runs one look-up per row and key. An instrument import writes 20,000 rows. They name a
 * few hundred samples and one user, limit set and method set, yet the keys cost 80,000 look-ups: half
 * of the rows' INSERT and a third of the import's whole transaction. One statement-level trigger now
 * reads the statement's new rows once, collects the distinct ids of each reference and looks each set
 * up together.
 *
 * It promises what the foreign keys did:
 * - An inserted or updated row may name only rows that exist. Otherwise the statement fails with
 *   SQLSTATE 23503 (foreign_key_violation) under the old constraint's name, and none of its rows stay.
 * - The named rows are locked FOR KEY SHARE until the transaction ends, as a foreign key locks them,
 *   so a concurrent delete waits and then finds the reference.
 * - A sample or a user a result names can be neither deleted nor renumbered (triggers on `samples` and
 *   `users`). Rule sets already can be neither: `rule_sets_decide_once` refuses every delete and any
 *   change but the decision.
 */
export class ResultReferencesPerStatement1764000024000 implements MigrationInterface {
  name = 'ResultReferencesPerStatement1764000024000';

  async up(q: QueryRunner): Promise<void> {
    // One pass over the statement's rows gathers the distinct ids of every reference.
    const gather = `SELECT ${REFERENCES.map(({ column }) => `array_agg(DISTINCT ${column}) FILTER (WHERE ${column} IS NOT NULL)`).join(', ')}
          INTO ${REFERENCES.map(({ column }) => `named_${column}`).join(', ')} FROM new_rows;`;
    const checks = REFERENCES.map(
      ({ column, table, constraint }) => `
        IF named_${column} IS NOT NULL THEN
          SELECT count(*) INTO found FROM (SELECT 1 FROM ${table} r WHERE r.id = ANY (named_${column}) FOR KEY SHARE OF r) locked;
          IF found <> cardinality(named_${column}) THEN
            RAISE EXCEPTION 'analyte_results.${column} names a row of ${table} that does not exist'
              USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${constraint}', TABLE = 'analyte_results', COLUMN = '${column}';
          END IF;
        END IF;`,
    );
    await q.query(`
      CREATE FUNCTION analyte_results_check_references() RETURNS trigger LANGUAGE plpgsql
      -- As the owner, as a foreign key's own look-up runs: locking a row FOR KEY SHARE needs UPDATE on
      -- its table, which the runtime role is not to be given for this.
      SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        ${REFERENCES.map(({ column }) => `named_${column} uuid[];`).join('\n        ')}
        found int;
      BEGIN
        ${gather}${checks.join('')}
        RETURN NULL;
      END $$`);
    // A trigger with a transition table takes one event.
    for (const event of ['INSERT', 'UPDATE']) {
      await q.query(`
        CREATE TRIGGER analyte_results_references_${event.toLowerCase()} AFTER ${event} ON analyte_results
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analyte_results_check_references()`);
    }
    for (const { column, table, constraint } of REFERENCES.filter((r) => r.table !== 'rule_sets')) {
      await q.query(`
        CREATE FUNCTION ${table}_keep_result_references() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
            RETURN NEW;
          END IF;
          IF EXISTS (SELECT 1 FROM analyte_results WHERE ${column} = OLD.id) THEN
            RAISE EXCEPTION '% % has results (analyte_results.${column}); it cannot be %', '${table}', OLD.id, CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'renumbered' END
              USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${constraint}', TABLE = '${table}';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${table}_keep_result_references BEFORE DELETE OR UPDATE OF id ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_keep_result_references()`);
    }
    await q.query(`ALTER TABLE analyte_results ${REFERENCES.map((r) => `DROP CONSTRAINT ${r.constraint}`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE analyte_results ${REFERENCES.map((r) => `ADD CONSTRAINT ${r.constraint} FOREIGN KEY (${r.column}) REFERENCES ${r.table} (id)`).join(', ')}`,
    );
    for (const { table } of REFERENCES.filter((r) => r.table !== 'rule_sets')) {
      await q.query(`DROP TRIGGER ${table}_keep_result_references ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_keep_result_references()`);
    }
    await q.query(`DROP TRIGGER analyte_results_references_insert ON analyte_results`);
    await q.query(`DROP TRIGGER analyte_results_references_update ON analyte_results`);
    await q.query(`DROP FUNCTION analyte_results_check_references()`);
  }
}
