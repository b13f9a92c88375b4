import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { dbUrl, E2E_PREFIX, ownerPid, pgAdminUrl, RUN_ID_VARIABLE, templateDb } from './databases';

/**
 * Starts the project's services, then builds the schema once into a template each test file copies. The
 * owner role creates and migrates it, so it owns every table and the runtime role has the migrations' grants.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'services.sh')], { stdio: 'inherit', env: { ...process.env, PG_FSYNC: 'off' } });
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    // Databases left by runs that have ended (killed, or this one's own earlier pid) go; live runs' stay.
    const existing = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${E2E_PREFIX}%'`);
    for (const { datname } of existing.rows) {
      const owner = ownerPid(datname);
      if (owner === null || owner === process.pid || !isAlive(owner)) await dropUnlessForeign(admin, datname);
    }
    process.env[RUN_ID_VARIABLE] = `r${process.pid}`;
    await admin.query(`CREATE DATABASE ${templateDb()}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource({ type: 'postgres', url: dbUrl(templateDb()), migrations: ALL_MIGRATIONS, migrationsTableName: 'migrations' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}

/** A database another role owns (made before the roles existed, or by someone else) is left alone. */
async function dropUnlessForeign(admin: Client, name: string): Promise<void> {
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
