import type { QueryRunner } from 'typeorm';

/**
 * The role the API and the worker run as, for migrations that grant it something (1764000020000-LeastPrivilege):
 * `labtrace.runtime_role` when set, else labtrace_app. Refuses a superuser or the migration role itself, and a
 * missing role unless the migrator may create it.
 */
export async function runtimeRole(q: QueryRunner): Promise<string> {
  const [row] = (await q.query(
    `SELECT coalesce(nullif(current_setting('labtrace.runtime_role', true), ''), 'labtrace_app') AS name, current_user AS migrator`,
  )) as Array<{ name: string; migrator: string }>;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(row.name)) throw new Error(`labtrace.runtime_role "${row.name}" is not a plain role name`);
  const [found] = (await q.query(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [row.name])) as Array<{ rolsuper: boolean }>;
  if (!found) {
    // A migrator that may create roles (a superuser on a fresh or throwaway cluster) makes it without LOGIN:
    // the grants are in place, and the operator gives it a password (README "Database roles").
    const [may] = (await q.query(`SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user`)) as Array<{ ok: boolean }>;
    if (!may?.ok) {
      throw new Error(
        `the runtime role ${row.name} does not exist: create it (LOGIN, nothing else) before migrating; scripts/services.sh does locally, README "Database roles"`,
      );
    }
    await q.query(`CREATE ROLE ${row.name} NOLOGIN`);
    return row.name;
  }
  if (found.rolsuper || row.name === row.migrator) {
    throw new Error(`the runtime role ${row.name} must be neither a superuser nor the role that runs the migrations (${row.migrator})`);
  }
  return row.name;
}
