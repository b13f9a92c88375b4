import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../auth/password-hasher';
import { DEMO_PASSWORDS } from '../auth/passwords/password-policy';
import { AppConfig } from '../config/app-config';
import { configRefusals, databaseRoleRefusals, DatabaseRole, ProductionRefusalError } from './production-checks';

/** argon2 runs on libuv's four threads; more at once only queues (and holds 64 MiB each). */
const PARALLEL_VERIFICATIONS = 4;

/**
 * In production the API and the worker check, before they serve or process anything, that no secret
 * is a known default and that no account (disabled ones included: they can be enabled again) still
 * signs in with a demo password. Any failure stops the process with every reason named.
 */
@Injectable()
export class ProductionReadiness implements OnModuleInit {
  private readonly logger = new Logger(ProductionReadiness.name);

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.production) return;
    const refusals = [...configRefusals(this.config), ...databaseRoleRefusals(await this.databaseRole())];
    const demo = await this.accountsWithDemoPassword();
    if (demo.length) refusals.push(`${demo.length} account(s) still have a demo password: ${demo.join(', ')}; change or disable and reset them first`);
    if (refusals.length) throw new ProductionRefusalError(refusals);
    this.logger.log('production checks passed: no default secrets, no demo passwords, a runtime database role');
  }

  /** The role the process's connections run as: a superuser, or the owner of any table of the schema? */
  async databaseRole(): Promise<DatabaseRole> {
    const [role] = await this.db.query<Array<{ name: string; superuser: boolean; owned_tables: number }>>(
      `SELECT current_user AS name, r.rolsuper AS superuser,
              (SELECT count(*)::int FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                  AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned_tables
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    return { name: role.name, superuser: role.superuser, ownedTables: role.owned_tables };
  }

  /** E-mail addresses of the accounts whose password is a demo one. */
  async accountsWithDemoPassword(): Promise<string[]> {
    const demo = [...new Set([...DEMO_PASSWORDS, this.config.demoPassword].filter((p): p is string => !!p))];
    const users = await this.db.query<Array<{ email: string; password_hash: string }>>('SELECT email, password_hash FROM users ORDER BY email');
    const checks = users.flatMap((u) => demo.map((password) => ({ email: u.email, hash: u.password_hash, password })));
    const found = new Set<string>();
    for (let i = 0; i < checks.length; i += PARALLEL_VERIFICATIONS) {
      const batch = checks.slice(i, i + PARALLEL_VERIFICATIONS);
      const matches = await Promise.all(batch.map((c) => verifyPassword(c.hash, c.password)));
      batch.forEach((c, j) => matches[j] && found.add(c.email));
    }
    return [...found];
  }
}
