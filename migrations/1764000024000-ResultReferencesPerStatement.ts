import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A result row's user, limit set and method set are checked once per statement, not once per row.
 *
 * A foreign key runs one look-up per row and key. An instrument import writes 20,000 rows that all
 * name the same user, limit set and method set, so those three keys cost 60,000 look-ups: a third of
 * the import's whole transaction. The sample key stays a real foreign key (every row names a different
 * sample, and that is the reference that matters most). These three become one statement-level trigger
 * that reads the statement's new rows once, collects the distinct ids, and looks them up together.
 *
 * It promises what the foreign keys did:
 * - An inserted or updated row may only name a user and rule sets that exist. Otherwise the statement
 *   fails with SQLSTATE 23503 (foreign_key_violation) under the old constraint's name.
 * - The referenced rows are locked FOR KEY SHARE, as a foreign key locks them, until the transaction
 *   ends. So a concurrent delete waits and then sees the reference.
 * - A user named by a result can be neither deleted nor renumbered (a new trigger on `users`).
 *   Rule sets already can be neither: `rule_sets_decide_once` refuses every delete and any change
 *   other than the decision.
 */
export class ResultReferencesPerStatement1764000024000 implements MigrationInterface {
  name = 'ResultReferencesPerStatement1764000024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION analyte_results_check_references() RETURNS trigger LANGUAGE plpgsql
      -- As the owner, as a foreign key's own look-up runs: locking a row FOR KEY SHARE needs UPDATE on
      -- its table, which the runtime role is not to be given for this.
      SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        users_named uuid[];
        sets_named uuid[];
        found int;
      BEGIN
        -- One pass over the statement's rows for all three keys.
        SELECT array_agg(DISTINCT entered_by) FILTER (WHERE entered_by IS NOT NULL),
               array_remove(array_agg(DISTINCT limit_set_id) || array_agg(DISTINCT method_set_id), NULL)
          INTO users_named, sets_named
          FROM new_rows;
        IF users_named IS NOT NULL THEN
          SELECT count(*) INTO found FROM (SELECT 1 FROM users u WHERE u.id = ANY (users_named) FOR KEY SHARE OF u) locked;
          IF found <> cardinality(users_named) THEN
            RAISE EXCEPTION 'analyte_results.entered_by names a user that does not exist'
              USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'analyte_results_entered_by_fkey', TABLE = 'analyte_results';
          END IF;
        END IF;
        SELECT array_agg(DISTINCT id) INTO sets_named FROM unnest(sets_named) AS id;
        IF sets_named IS NOT NULL THEN
          SELECT count(*) INTO found FROM (SELECT 1 FROM rule_sets r WHERE r.id = ANY (sets_named) FOR KEY SHARE OF r) locked;
          IF found <> cardinality(sets_named) THEN
            RAISE EXCEPTION 'analyte_results names a limit set or method set that does not exist'
              USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'analyte_results_limit_set_id_fkey', TABLE = 'analyte_results';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    // Transition tables take one event per trigger.
    for (const event of ['INSERT', 'UPDATE']) {
      await q.query(`
        CREATE TRIGGER analyte_results_references_${event.toLowerCase()} AFTER ${event} ON analyte_results
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analyte_results_check_references()`);
    }
    await q.query(`
      CREATE FUNCTION users_keep_result_references() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM analyte_results WHERE entered_by = OLD.id) THEN
          RAISE EXCEPTION 'user % entered results; it can be deactivated, not % (analyte_results.entered_by)', OLD.id, lower(TG_OP)
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'analyte_results_entered_by_fkey', TABLE = 'users';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_keep_result_references BEFORE DELETE OR UPDATE OF id ON users
      FOR EACH ROW EXECUTE FUNCTION users_keep_result_references()`);
    await q.query(`
      ALTER TABLE analyte_results
        DROP CONSTRAINT analyte_results_entered_by_fkey,
        DROP CONSTRAINT analyte_results_limit_set_id_fkey,
        DROP CONSTRAINT analyte_results_method_set_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analyte_results
        ADD CONSTRAINT analyte_results_entered_by_fkey FOREIGN KEY (entered_by) REFERENCES users (id),
        ADD CONSTRAINT analyte_results_limit_set_id_fkey FOREIGN KEY (limit_set_id) REFERENCES rule_sets (id),
        ADD CONSTRAINT analyte_results_method_set_id_fkey FOREIGN KEY (method_set_id) REFERENCES rule_sets (id)`);
    await q.query(`DROP TRIGGER users_keep_result_references ON users`);
    await q.query(`DROP FUNCTION users_keep_result_references()`);
    await q.query(`DROP TRIGGER analyte_results_references_insert ON analyte_results`);
    await q.query(`DROP TRIGGER analyte_results_references_update ON analyte_results`);
    await q.query(`DROP FUNCTION analyte_results_check_references()`);
  }
}
