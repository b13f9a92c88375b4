import { MigrationInterface, QueryRunner } from 'typeorm';
import { runtimeRole } from './runtime-role';

/**
 * Least privilege (issue 21). The role that runs the migrations owns every table; the API and the worker
 * connect as a runtime role that holds exactly the grants below: no DDL (it owns nothing, so it can
 * neither ALTER, DROP nor disable a trigger), no TRUNCATE anywhere, and no UPDATE or DELETE on the
 * records the lab must keep (audit events, custody events, released COA documents, rule rows). Released
 * result rows and not-tested marks stay frozen by their triggers, which the runtime role cannot set aside.
 *
 * The runtime role is `labtrace_app`, or the one named by the setting `labtrace.runtime_role` (the
 * migration CLI passes the user of DATABASE_URL). It must exist before this migration runs
 * (scripts/services.sh makes it locally; README "Database roles" for a production server).
 *
 * A NEW TABLE in a later migration gets SELECT and INSERT for the runtime role by default (the default
 * privileges below, for tables created by the role that runs the migrations). If the application updates
 * or deletes its rows, that migration grants exactly that, to the role `runtimeRole(q)` (./runtime-role) names:
 * `await q.query(\`GRANT UPDATE ON t TO ${await runtimeRole(q)}\`)`. If its rows are records to keep, it
 * also adds a `BEFORE TRUNCATE … FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()` trigger.
 */
export class LeastPrivilege1764000020000 implements MigrationInterface {
  name = 'LeastPrivilege1764000020000';

  async up(q: QueryRunner): Promise<void> {
    const role = await runtimeRole(q);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await q.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ${role}`);
    await q.query(`REVOKE ALL ON migrations FROM ${role}`);
    await q.query(`GRANT UPDATE ON ${UPDATED.join(', ')} TO ${role}`);
    await q.query(`GRANT DELETE ON ${DELETED.join(', ')} TO ${role}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ${role}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);

    // A second line behind the grants: even the owner cannot empty a table of records.
    await q.query(`
      CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% holds records the lab must keep (TRUNCATE refused)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of KEPT) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const role = await runtimeRole(q);
    for (const table of KEPT) await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    await q.query(`DROP FUNCTION refuse_truncate()`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${role}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT ON TABLES FROM ${role}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
  }
}

/** Tables whose rows the application changes (decision columns only, where a trigger says so). */
const UPDATED = [
  'users',
  'sessions',
  'licensees',
  'licensee_api_keys',
  'samples',
  'instrument_imports',
  'instrument_column_mappings',
  'analyte_results',
  'not_tested_marks',
  'qc_flags',
  'biotrack_submissions',
  'webhook_endpoints',
  'webhook_deliveries',
  'rule_sets',
  'coa_amendments',
  'approval_requests',
];

/** Unreleased rows the application deletes (a withdrawn amendment's results, a cleared mark); frozen rows refuse by trigger. */
const DELETED = ['analyte_results', 'not_tested_marks'];

/** Records to keep: append-only, decided-once or frozen once released (audit_events has its own TRUNCATE trigger). */
const KEPT = [
  'custody_events',
  'coa_documents',
  'rule_sets',
  'limit_rules',
  'panel_rules',
  'method_analytes',
  'coa_amendments',
  'approval_requests',
  'analyte_results',
  'not_tested_marks',
];
