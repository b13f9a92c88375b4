import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrationTargetFromEnvironment } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

const target = migrationTargetFromEnvironment();
const options = typeormOptions(target.url);

/**
 * Used by the TypeORM CLI (`npm run migration:*`), as the owner role. The runtime role's name reaches the
 * migrations that grant it something as the setting labtrace.runtime_role (migrations/runtime-role.ts).
 */
export default new DataSource(
  target.runtimeRole ? { ...options, extra: { ...(options.extra as object), options: `-c labtrace.runtime_role=${target.runtimeRole}` } } : options,
);
