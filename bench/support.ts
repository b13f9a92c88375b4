import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../migrations';
import { dbUrl, pgAdminUrl, runtimeDbUrl, superuserDbUrl } from '../test/support/databases';
import { bootContext, RunningSimulator, TestContext } from '../test/support/test-app';

const ROOT = join(__dirname, '..');

/**
 * The built entry points (`dist/`, what scripts/start.sh and the image run), built first when an input changed
 * since the last build (scripts/build.sh, start.sh's own rule): a bench that starts API processes measures
 * what production runs, not the sources under ts-node.
 */
export function ensureBuilt(): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'build.sh')], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BUILD_LOG_PREFIX: '[bench]' } });
}

/** PostgreSQL and Redis on loopback, started by the project's own script when they are not up. */
export function ensureServices(): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'services.sh')], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

/**
 * A fresh database migrated from scratch. Deliberately not a copy of the e2e template: the e2e global
 * setup builds it per run, and a benchmark must not depend on a test run going on beside it.
 */
export async function createBenchDatabase(): Promise<string> {
  const name = `labtrace_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource({ type: 'postgres', url: dbUrl(name), migrations: ALL_MIGRATIONS, migrationsTableName: 'migrations' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return name;
}

export async function dropBenchDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Removes this run's BullMQ keys (its queue prefix is unique to the run). */
async function dropQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * The real AppModule on its own migrated database, configured as main.ts configures it, shaped like the
 * e2e TestContext so the test helpers (registerLicensee, releasedSample, startWorker) work unchanged.
 */
export async function bootApp(sim: RunningSimulator | undefined, envOverrides: Record<string, string>): Promise<TestContext & { dbName: string }> {
  const dbName = await createBenchDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: runtimeDbUrl(dbName),
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    LOG_LEVEL: 'silent',
    ...(sim ? { BIOTRACK_BASE_URL: sim.url } : {}),
    ...envOverrides,
  };
  const context = await bootContext(env, {
    sim,
    // The benchmarks' own SQL bulk-loads with COPY from a server-side file: the bootstrap superuser's.
    sqlUrl: superuserDbUrl(dbName),
    cleanup: async () => {
      await dropQueueKeys(context.config.redisUrl, context.config.queuePrefix);
      await dropBenchDatabase(dbName);
    },
  });
  return { ...context, dbName };
}

/** `--name value` flags over defaults; numbers stay numbers. */
export function readFlags<T extends Record<string, number | string>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    const key = m[1].replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown flag --${m[1]} (known: ${Object.keys(defaults).join(', ')})`);
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new Error(`--${m[1]} needs a value`);
    out[key] = typeof defaults[key] === 'number' ? Number(raw) : raw;
    if (typeof out[key] === 'number' && !Number.isFinite(out[key])) throw new Error(`--${m[1]} must be a number`);
  }
  return out as T;
}

/** A plain fixed-width table: first row is the header. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function writeResult(file: string, text: string): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
  return path;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export function machineLine(): string {
  return `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}`;
}

/** The 1, 5 and 15 minute load averages: the machine may be shared, and the figures move with it. */
export function loadLine(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
