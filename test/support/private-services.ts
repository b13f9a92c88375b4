import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';

/**
 * A PostgreSQL cluster and a Redis that belong to one test file: started here on free ports in a temp
 * directory, stopped and started again at will (an outage), removed at the end. The project's shared
 * servers (scripts/services.sh, 55432 and 56379) are never touched: other test runs depend on them.
 */

/** A free loopback port: the OS picks one, we let it go and use it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql (run scripts/services.sh once)');
  return join(root, versions.sort((a, b) => Number(a) - Number(b)).at(-1)!, 'bin');
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root; as root it runs as the unprivileged 'postgres' user (as scripts/services.sh does). */
function asPostgres(command: string, args: string[]): void {
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

function postgresUid(): { uid: number; gid: number } {
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) };
}

export interface PrivatePostgres {
  port: number;
  /** A connection URL to `database` as the cluster's superuser (trust authentication, loopback only). */
  url(database: string): string;
  /** The same as the runtime role (labtrace_app: LOGIN, the grants the migrations give it, nothing else). */
  runtimeUrl(database: string): string;
  stop(): void;
  start(): void;
  /** Stops the cluster and deletes its directory. */
  destroy(): void;
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'labtrace-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  if (isRoot) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'labtrace', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const conf = [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    'max_connections = 60',
    'shared_buffers = 32MB',
    'fsync = off',
    'full_page_writes = off',
    "timezone = 'UTC'",
  ];
  appendFileSync(join(data, 'postgresql.conf'), `${conf.join('\n')}\n`);
  const start = () => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = () => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  start();
  let running = true;
  return {
    port,
    url: (database) => `postgres://labtrace@127.0.0.1:${port}/${database}`,
    runtimeUrl: (database) => `postgres://${RUNTIME_ROLE}@127.0.0.1:${port}/${database}`,
    stop: () => {
      stop();
      running = false;
    },
    start: () => {
      start();
      running = true;
    },
    destroy: () => {
      if (running) stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const RUNTIME_ROLE = 'labtrace_app';

/**
 * Creates `database` on the private cluster and runs every migration into it as the superuser; the
 * runtime role is made first, as scripts/services.sh does. Returns the runtime role's URL.
 */
export async function migratedDatabase(pg: PrivatePostgres, database: string): Promise<string> {
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${RUNTIME_ROLE} LOGIN`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource({ type: 'postgres', url: pg.url(database), migrations: ALL_MIGRATIONS, migrationsTableName: 'migrations' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return pg.runtimeUrl(database);
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGTERM (Redis writes its append-only file and exits), then waits for the exit. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'labtrace-redis-'));
  chmodSync(dir, 0o700);
  let child: ChildProcess | null = null;
  const start = async () => {
    // As production should: noeviction for BullMQ, and the append-only file so queued jobs survive a restart.
    const server = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
      { stdio: 'ignore' },
    );
    child = server;
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (server.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${server.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const server = child;
    child = null;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
