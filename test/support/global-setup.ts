import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { dbUrl, PG_ADMIN_URL, TEMPLATE_DB } from './databases';

/** Starts the project's services, then builds the schema once into a template each test file copies. */
export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'services.sh')], { stdio: 'inherit', env: { ...process.env, PG_FSYNC: 'off' } });
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'labtrace_e2e_%'`);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource({ type: 'postgres', url: dbUrl(TEMPLATE_DB), migrations: ALL_MIGRATIONS, migrationsTableName: 'migrations' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
