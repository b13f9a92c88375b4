import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { passwordProblem } from '../auth/passwords/password-policy';
import type { Actor } from '../common/actor';
import type { AppConfig } from '../config/app-config';
import { loadConfigOrExit } from '../main';
import { ADMIN_CREATE_USAGE, AdminCreateArgs, firstLine, parseAdminArgs } from './admin-create-input';
import { promptHidden, readStdin } from './admin-create-prompt';

/** The audit trail names the command as the actor: nobody is signed in when the first admin is made. */
const COMMAND_ACTOR: Actor = { type: 'system', label: 'admin:create (command line)' };

class Refusal extends Error {}

/**
 * Creates an admin (the first one of a production lab, or a later one by whoever runs the server).
 * Arguments and password are checked before anything loads; then only the database, audit and users
 * are booted: no queue, no state system, and not the production boot checks, so the admin who will
 * replace demo accounts can be made while they still exist.
 */
async function main(): Promise<void> {
  const args = parseAdminArgs(process.argv.slice(2));
  if ('problem' in args) throw new Refusal(`${args.problem}\n${ADMIN_CREATE_USAGE}`);
  const config = loadConfigOrExit();
  const password = await readPassword(args.email);
  const problem = passwordProblem(password, { email: args.email, refused: [config.demoPassword] });
  if (problem) throw new Refusal(`${problem}; nothing was changed`);
  const app = await bootUsers(config);
  try {
    await createAdmin(app, args, password);
  } finally {
    await app.close();
  }
}

async function bootUsers(config: AppConfig): Promise<INestApplicationContext> {
  const [{ NestFactory }, { AuditModule }, { AuthModule }, { ConfigModule }, { DatabaseModule }] = await Promise.all([
    import('@nestjs/core'),
    import('../audit/audit.module'),
    import('../auth/auth.module'),
    import('../config/config.module'),
    import('../database/database.module'),
  ]);
  const module = { module: class AdminCreateModule {}, imports: [ConfigModule.forRoot(config), DatabaseModule, AuditModule, AuthModule] };
  return NestFactory.createApplicationContext(module, { logger: ['error', 'warn'] });
}

async function createAdmin(app: INestApplicationContext, args: AdminCreateArgs, password: string): Promise<void> {
  const [{ UsersRepository }, { UsersService }] = await Promise.all([import('../auth/users.repository'), import('../auth/users.service')]);
  if (await app.get(UsersRepository).findByEmail(args.email)) throw new Refusal(`a user with e-mail ${args.email} already exists; nothing was changed`);
  const user = await app.get(UsersService).createUser({ email: args.email, displayName: args.name, password, role: 'admin' }, COMMAND_ACTOR);
  process.stdout.write(`created admin ${user.email} (${user.id})\n`);
}

/** From a terminal: asked twice without echo. Piped: the first line of stdin. Never from argv. */
async function readPassword(email: string): Promise<string> {
  if (!process.stdin.isTTY) return firstLine(await readStdin());
  const password = await promptHidden(`Password for ${email}: `);
  if ((await promptHidden('Again: ')) !== password) throw new Refusal('the two passwords differ; nothing was changed');
  return password;
}

main().catch((e: unknown) => {
  if (e instanceof Refusal) process.stderr.write(`admin:create refused: ${e.message}\n`);
  else process.stderr.write(`admin:create failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
