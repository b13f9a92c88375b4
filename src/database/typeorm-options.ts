import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { PooledClient } from './pooled-client';

const compiled = !__filename.endsWith('.ts');
const root = join(__dirname, '..', '..');

/** How long a query waits for a pooled connection before it fails (and answers 503). */
export const POOL_CONNECT_TIMEOUT_MS = 3000;

/** One definition of the connection for the app, the worker and the migration CLI. Never synchronize. */
export function typeormOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    entities: [compiled ? join(root, 'dist', '**', '*.entity.js') : join(root, 'src', '**', '*.entity.ts')],
    migrations: [compiled ? join(root, 'dist', 'migrations', '[0-9]*-*.js') : join(root, 'migrations', '[0-9]*-*.ts')],
    // A bounded wait for a connection (pool exhausted, or a server that does not answer the connect): the
    // request fails with a 503 instead of hanging. Keepalive probes after 10 s idle find connections cut
    // without a FIN (the OS default would wait two hours). PooledClient: a connection's error between the
    // pool and its user must not be thrown (pooled-client.ts).
    extra: { max: 20, connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS, keepAlive: true, keepAliveInitialDelayMillis: 10_000, Client: PooledClient },
    ...overrides,
  } as DataSourceOptions;
}
