/** The e2e suite's databases live on the project's own PostgreSQL (scripts/services.sh). */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://labtrace@127.0.0.1:55432/postgres';
export const dbUrl = (name: string) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);

/**
 * Each jest run owns the databases named after it (`labtrace_e2e_r<pid>_…`), so two runs side by side
 * (a developer's and CI's, or two sessions') never drop each other's. The global setup sets the run id
 * in the environment, which the test workers inherit.
 */
export const RUN_ID_VARIABLE = 'LABTRACE_E2E_RUN';
export const E2E_PREFIX = 'labtrace_e2e_';

export function runId(): string {
  const id = process.env[RUN_ID_VARIABLE];
  if (!id) throw new Error(`${RUN_ID_VARIABLE} is not set: e2e tests run through jest's e2e project, whose global setup sets it`);
  return id;
}

export const templateDb = (run = runId()) => `${E2E_PREFIX}${run}_template`;

/** The jest process that owns a database, read back from its name; null for names of another shape. */
export function ownerPid(database: string): number | null {
  const match = new RegExp(`^${E2E_PREFIX}r(\\d+)_`).exec(database);
  return match ? Number(match[1]) : null;
}
