import { IsOptional, IsString, Matches } from 'class-validator';

/** PostgreSQL (two roles) and Redis, with the prefix of the queues kept there. */
export class DatabaseEnv {
  static readonly withoutDefault: readonly (keyof DatabaseEnv)[] = ['DATABASE_MIGRATION_URL'];

  /** The runtime role (API, worker, commands): grants only, owns nothing (README "Database roles"). */
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[\w-]+(\?.*)?$/, { message: 'DATABASE_URL must be a postgres:// URL with a database name' })
  DATABASE_URL = 'postgres://labtrace_app@127.0.0.1:55432/labtrace';

  /** The owner role, which owns every table: used only by `migration:run`. Unset: DATABASE_URL (one role for both). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[\w-]+(\?.*)?$/, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL with a database name' })
  DATABASE_MIGRATION_URL?: string;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:56379';

  @IsString()
  @Matches(/^[\w-]+$/)
  QUEUE_PREFIX = 'labtrace';
}
