import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

const compiled = !__filename.endsWith('.ts');
const root = join(__dirname, '..', '..');

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
    extra: { max: 20 },
    ...overrides,
  } as DataSourceOptions;
}
