import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { UsersService } from '../../src/auth/users.service';
import { Role, SYSTEM_ACTOR } from '../../src/common/actor';
import { AppConfig } from '../../src/config/app-config';
import { DeliveryModule } from '../../src/traceability/delivery/delivery.module';
import { WebhookDispatchModule } from '../../src/webhooks/webhook-dispatch.module';
import { dbUrl, pgAdminUrl, runId, runtimeDbUrl, templateDb } from './databases';

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
  control(path: string, body?: unknown): Promise<unknown>;
}

export interface TestContext {
  app: INestApplication;
  config: AppConfig;
  /** The runtime role's URL the app connects with. */
  databaseUrl: string;
  sim?: RunningSimulator;
  /** The environment overrides the app was configured with (a worker process needs the same). */
  env: Record<string, string>;
  http(): ReturnType<typeof request>;
  /** Creates a user through the real service and returns a bearer token for it. */
  userToken(role: Role, email?: string): Promise<{ token: string; id: string; email: string }>;
  /** The test's own SQL, as the owner role (setting up states the API would not make, reading anything). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** A copy of the migrated template, owned by the owner role; the runtime role has the migrations' grants on it. */
export async function createTestDatabase(): Promise<string> {
  const name = `labtrace_e2e_${runId()}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * Drops a test's scratch database. A backend the owner role may not terminate (42501: one still closing, of
 * another role) is waited for a few times; after that the database is left for global-setup's sweep, since
 * a scratch database that outlives its test is not a failure of what the test checked.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '42501') throw e;
        if (attempt === 10) {
          console.warn(`could not drop ${name} (${(e as Error).message}); global-setup drops it on the next run`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } finally {
    await admin.end();
  }
}

export async function startSimulator(options: Record<string, unknown> = {}): Promise<RunningSimulator> {
  const { createSimulator } = await import('../../tools/biotrack-simulator/src/simulator');
  const sim = createSimulator(options);
  const { url } = await sim.listen(0);
  return {
    url,
    close: () => sim.close(),
    control: async (path: string, body?: unknown) => {
      const res = await fetch(
        `${url}${path}`,
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
      const text = await res.text();
      if (!res.ok) throw new Error(`simulator ${path} answered ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
  };
}

/**
 * The lowest argon2id cost the config allows (OWASP's minimum: 19 MiB, 2 passes, 1 lane). Every test user is
 * hashed and signed in, and every release verifies a password: at the production cost that was minutes of
 * the suite's CPU, and the cost is not what those tests test (test/auth-passwords.e2e-spec.ts checks the
 * production default with `productionHashing`).
 */
export const CHEAP_ARGON2 = { ARGON2_MEMORY_KIB: '19456', ARGON2_TIME_COST: '2', ARGON2_PARALLELISM: '1' };

/**
 * Boots the real AppModule on a fresh copy of the migrated template database, with the simulator.
 * Passwords are hashed at CHEAP_ARGON2 unless `productionHashing` (or `env` sets the ARGON2_ settings).
 */
export async function createTestApp(
  opts: { simulator?: boolean; worker?: boolean; env?: Record<string, string>; productionHashing?: boolean } = {},
): Promise<TestContext> {
  const dbName = await createTestDatabase();
  const sim = opts.simulator === false ? undefined : await startSimulator();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: runtimeDbUrl(dbName),
    DATABASE_MIGRATION_URL: dbUrl(dbName),
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BIOTRACK_RETRY_BASE_MS: '20',
    BIOTRACK_RETRY_MAX_MS: '2000',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_SWEEP_INTERVAL_MS: '1000',
    WEBHOOK_POLL_MS: '100',
    WEBHOOK_RETRY_BASE_MS: '50',
    ...(sim ? { BIOTRACK_BASE_URL: sim.url, BIOTRACK_TIMEOUT_MS: '2000' } : {}),
    ...(opts.productionHashing ? {} : CHEAP_ARGON2),
    ...opts.env,
  };
  return bootContext(env, { sim, worker: opts.worker, cleanup: () => dropTestDatabase(dbName) });
}

/**
 * The real app on an environment whose DATABASE_URL is already migrated, as a TestContext (shared
 * by the e2e tests and the benchmarks). With `worker`, the delivery processor, sweeper and webhook
 * sender run in the same process, as the worker would. `cleanup` runs after everything is closed.
 * The context's own SQL connects with `sqlUrl`, else DATABASE_MIGRATION_URL (the owner), else DATABASE_URL.
 */
export async function bootContext(
  env: Record<string, string>,
  opts: { sim?: RunningSimulator; worker?: boolean; cleanup?: () => Promise<void>; sqlUrl?: string } = {},
): Promise<TestContext> {
  const config = AppConfig.fromEnvironment(env);
  const imports = opts.worker ? [AppModule.forRoot(config), DeliveryModule, WebhookDispatchModule] : [AppModule.forRoot(config)];
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app);
  await app.init();
  const pg = new Client({ connectionString: opts.sqlUrl ?? env.DATABASE_MIGRATION_URL ?? config.databaseUrl });
  await pg.connect();
  // Nest types the HTTP server as any; under the express platform it is node's http.Server.
  const server = app.getHttpServer() as Server;
  let n = 0;
  return {
    app,
    config,
    databaseUrl: config.databaseUrl,
    sim: opts.sim,
    env,
    http: () => request(server),
    userToken: async (role, email) => {
      const address = email ?? `${role}${++n}-${randomBytes(3).toString('hex')}@test.lab`;
      const user = await app.get(UsersService).createUser({ email: address, displayName: `${role} ${n}`, password: TEST_PASSWORD, role }, SYSTEM_ACTOR);
      const res = await request(server).post('/v1/auth/login').send({ email: address, password: TEST_PASSWORD }).expect(200);
      return { token: (res.body as { accessToken: string }).accessToken, id: user.id, email: address };
    },
    sql: async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[],
    close: async () => {
      await pg.end();
      await app.close();
      await opts.sim?.close();
      await opts.cleanup?.();
    },
  };
}

/** A worker in this process on the app's configuration (closing it is a graceful stop). */
export async function startWorker(t: TestContext): Promise<{ close(): Promise<void> }> {
  const { NestFactory } = await import('@nestjs/core');
  const { WorkerModule } = await import('../../src/worker.module');
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: false, abortOnError: false });
  await worker.init();
  return { close: () => worker.close() };
}
