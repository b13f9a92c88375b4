import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The e2e suite's databases live on the project's own PostgreSQL (scripts/services.sh), reached over TCP
 * with the passwords it generates into .data/: the owner role creates, migrates and drops them (and is
 * the tests' own SQL connection); the app under test connects as the runtime role. Another server:
 * TEST_PG_ADMIN_URL (owner role, CREATEDB) and TEST_PG_RUNTIME_URL (runtime role), any database name.
 * Read on each call: the global setup runs services.sh, which writes the passwords, after this loads.
 */
const DATA = join(__dirname, '..', '..', '.data');

function localPassword(file: string): string {
  try {
    return encodeURIComponent(readFileSync(join(DATA, file), 'utf8').trim());
  } catch {
    throw new Error(`.data/${file} is missing: scripts/services.sh generates it (the e2e global setup runs it)`);
  }
}

export const pgAdminUrl = () => process.env.TEST_PG_ADMIN_URL ?? `postgres://labtrace_owner:${localPassword('pg-owner.password')}@127.0.0.1:55432/postgres`;
const pgRuntimeUrl = () => process.env.TEST_PG_RUNTIME_URL ?? `postgres://labtrace_app:${localPassword('pg-app.password')}@127.0.0.1:55432/postgres`;
function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A database as the owner role (migrations, the tests' setup SQL). */
export const dbUrl = (name: string) => withDatabase(pgAdminUrl(), name);
/** A database as the runtime role (what the API and the worker use). */
export const runtimeDbUrl = (name: string) => withDatabase(pgRuntimeUrl(), name);
/** A database as the cluster's bootstrap superuser over the local socket (benchmarks' COPY FROM a file only). */
export const superuserDbUrl = (name: string) => `postgres://labtrace@${encodeURIComponent(join(DATA, 'pg'))}:55432/${name}`;

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
