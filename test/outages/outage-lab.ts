import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { AppProcess, spawnApp, waitForHealth } from '../support/app-entry';
import { LicenseeHandle, receivedSample, registerLicensee } from '../support/lab';
import { enterCompletePanel } from '../support/panels';
import { freePort, migratedDatabase, PrivatePostgres, PrivateRedis, startPrivatePostgres, startPrivateRedis } from '../support/private-services';
import { eventually, reviewedDigest, submissionsOf } from '../support/release';
import { bootContext, RunningSimulator, startSimulator, TestContext } from '../support/test-app';

type User = { token: string; id: string; email: string };
/** `resultsDigest`: the digest of its results as the manager fetched them, for the release (sent while a service may be down). */
export type Sample = { id: string; sampleInventoryId: string; inventoryIds: string[]; resultsDigest: string };

export const METRICS_TOKEN = 'outage-metrics-token-0123456789abcdef';

/**
 * A lab on its own PostgreSQL and Redis (test/support/private-services.ts), so that they can be stopped:
 * the API and the worker as child processes, an in-process context for setting things up (users, a
 * licensee, submitted samples), the BioTrack simulator as the state system.
 */
export interface OutageLab {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  t: TestContext;
  sim: RunningSimulator;
  api: AppProcess & { url: string };
  worker: AppProcess;
  tech: User;
  manager: User;
  admin: User;
  licensee: LicenseeHandle;
  /** Received, fully entered and submitted: ready for a manager's release. */
  submittedSample(): Promise<Sample>;
  /** A request to the API process, timed; never waits more than 10 s (a hang shows as status 0). */
  call(method: string, path: string, headers?: Record<string, string>, body?: unknown): Promise<Timed>;
  expectReportedOnce(samples: Sample[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Timed {
  what: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: unknown;
}

export async function startOutageLab(): Promise<OutageLab> {
  const [pgPort, redisPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pg = startPrivatePostgres(pgPort);
  let redis: PrivateRedis | undefined;
  const started: Array<() => Promise<void>> = [];
  try {
    redis = await startPrivateRedis(redisPort);
    return await bootLab(pg, redis, apiPort, started);
  } catch (e) {
    // Whatever did start goes, so that a failed setup leaves no server behind.
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    await redis?.destroy();
    pg.destroy();
    throw e;
  }
}

async function bootLab(pg: PrivatePostgres, redis: PrivateRedis, apiPort: number, started: Array<() => Promise<void>>): Promise<OutageLab> {
  const databaseUrl = await migratedDatabase(pg, 'labtrace_outage');
  const migrationUrl = pg.url('labtrace_outage');
  const sim = await startSimulator();
  started.push(() => sim.close());
  // A second post of the same result would be stored and counted, not refused: "exactly once" is then seen, not assumed.
  await sim.control('/_sim/faults', { mode: 'accept_duplicates', match: '/v1/lab/results', persistent: true });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATION_URL: migrationUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `o${randomBytes(4).toString('hex')}`,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
    METRICS_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    BIOTRACK_BASE_URL: sim.url,
    BIOTRACK_TIMEOUT_MS: '2000',
    BIOTRACK_RETRY_BASE_MS: '20',
    BIOTRACK_RETRY_MAX_MS: '2000',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_SWEEP_INTERVAL_MS: '1000',
    WEBHOOK_POLL_MS: '200',
    PORT: String(apiPort),
    LISTEN_HOST: '127.0.0.1',
    // A release verifies the manager's password (its electronic signature, issue 22): the cheapest cost the
    // policy allows keeps the one-second budgets about Redis and PostgreSQL, not argon2 on a loaded machine.
    ARGON2_MEMORY_KIB: '19456',
    ARGON2_TIME_COST: '2',
    ARGON2_PARALLELISM: '1',
  };
  // Users are made through the real service by a short-lived in-process app, closed before any outage
  // (its test client to the database has no error handler); their tokens hold in every process.
  const setup = await bootContext({ ...env, LOG_LEVEL: 'silent' });
  let users: { tech: User; manager: User; admin: User };
  try {
    users = { tech: await setup.userToken('technician'), manager: await setup.userToken('manager'), admin: await setup.userToken('admin') };
  } finally {
    await setup.close();
  }
  const { tech, manager, admin } = users;
  const logDir = mkdtempSync(join(tmpdir(), 'labtrace-outage-logs-'));
  const api = { ...spawnApp('main', 'main', env, logDir, 10_000), url: `http://127.0.0.1:${apiPort}` };
  started.push(() => api.stop());
  const worker = spawnApp('worker', 'worker', env, logDir, 10_000);
  started.push(() => worker.stop());
  await waitForHealth(api, api.url, 120_000);
  // The shared test helpers drive the API process; their SQL goes through a pool, which reconnects after an outage.
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  started.push(() => pool.end());
  const t: TestContext = {
    app: undefined as never,
    config: setup.config,
    databaseUrl,
    sim,
    env,
    http: () => request(api.url),
    userToken: () => Promise.reject(new Error('users are made at setup, before any outage')),
    sql: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
  };
  const licensee = await registerLicensee(t, users.admin.token);

  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Timed> => {
    const started = performance.now();
    const what = `${method} ${path}`;
    try {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text
      }
      return { what, status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'), body: parsed };
    } catch (e) {
      return { what, status: 0, ms: performance.now() - started, retryAfter: null, body: (e as Error).message };
    }
  };

  return {
    pg,
    redis,
    t,
    sim,
    api,
    worker,
    tech,
    manager,
    admin,
    licensee,
    submittedSample: async () => {
      const s = await receivedSample(t, tech.token, licensee);
      await enterCompletePanel(t, tech.token, s.id);
      await t.http().post(`/v1/samples/${s.id}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
      return { ...s, resultsDigest: await reviewedDigest(t, manager, s.id) };
    },
    call,
    expectReportedOnce: async (samples, timeoutMs = 60_000) => {
      for (const s of samples) {
        await eventually(async () => (await submissionsOf(t, s.id)).every((r) => r.status === 'delivered'), timeoutMs, `delivery of ${s.id}`);
        for (const lot of s.inventoryIds) {
          const seen = (await sim.control(`/_sim/results?inventoryId=${lot}`)) as { postsByInventoryId: Record<string, number>; data: unknown[] };
          expect({ lot, posts: seen.postsByInventoryId[lot], results: seen.data.length }).toEqual({ lot, posts: 1, results: 1 });
        }
      }
    },
    close: async () => {
      await worker.stop();
      await api.stop();
      await t.close();
      await sim.close();
      await redis.destroy();
      pg.destroy();
      // The processes' logs are kept only when asked for (OUTAGE_KEEP_LOGS=1), for a failing run.
      if (process.env.OUTAGE_KEEP_LOGS) process.stdout.write(`API and worker logs: ${logDir}\n`);
      else rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/**
 * Light load for `ms`: one request every `everyMs`, taking the kinds in turn, each fired on time
 * whether or not the previous one answered (a request held by the outage would show, not hide).
 */
export async function underLoad(ms: number, everyMs: number, kinds: Array<() => Promise<Timed>>): Promise<Timed[]> {
  const pending: Array<Promise<Timed>> = [];
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    pending.push(kinds[i % kinds.length]());
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Promise.all(pending);
}

/** The figures a run prints: how many answers of each status, and the slowest. */
export function summary(results: Timed[]): { requests: number; byStatus: Record<string, number>; maxMs: number; slowest: string } {
  const byStatus: Record<string, number> = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a), results[0]);
  return { requests: results.length, byStatus, maxMs: Math.round(slowest?.ms ?? 0), slowest: slowest?.what ?? '' };
}
