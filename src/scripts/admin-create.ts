import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { passwordProblem } from '../auth/passwords/password-policy';
import { UsersRepository } from '../auth/users.repository';
import { UsersService } from '../auth/users.service';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { loadConfigOrExit } from '../main';
import { ADMIN_CREATE_USAGE, AdminCreateArgs, firstLine, parseAdminArgs } from './admin-create-input';
import { promptHidden, readStdin } from './admin-create-prompt';

/** The audit trail names the command as the actor: nobody is signed in when the first admin is made. */
const COMMAND_ACTOR: Actor = { type: 'system', label: 'admin:create (command line)' };

class Refusal extends Error {}

/**
 * Creates an admin (the first one of a production lab, or a later one by whoever runs the server).
 * Only the database, audit and users are booted: no queue, no state system, and not the production
 * boot checks, so the admin that replaces demo accounts can be made while they still exist.
 */
async function main(): Promise<void> {
  const args = parseAdminArgs(process.argv.slice(2));
  if ('problem' in args) throw new Refusal(`${args.problem}\n${ADMIN_CREATE_USAGE}`);
  const config = loadConfigOrExit();

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, AuditModule, AuthModule] })
  class AdminCreateModule {}

  const app = await NestFactory.createApplicationContext(AdminCreateModule, { logger: ['error', 'warn'] });
  try {
    await createAdmin(app, config, args);
  } finally {
    await app.close();
  }
}

async function createAdmin(app: INestApplicationContext, config: AppConfig, args: AdminCreateArgs): Promise<void> {
  if (await app.get(UsersRepository).findByEmail(args.email)) throw new Refusal(`a user with e-mail ${args.email} already exists; nothing was changed`);
  const password = await readPassword(args.email);
  const problem = passwordProblem(password, { email: args.email, refused: [config.demoPassword] });
  if (problem) throw new Refusal(`${problem}; nothing was changed`);
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
