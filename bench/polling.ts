/**
 * Licensee status polling under load: GET /v1/licensee/samples/:inventoryId on the real app (real
 * socket, PostgreSQL, auth, rate-limit guard, ETag) with autocannon, with and without a matching
 * If-None-Match, beside a bare Node http server answering the same bytes the same way.
 *
 *   npx ts-node --transpile-only -P tsconfig.json bench/polling.ts [--duration 10] [--connections 200] [--warmup 2] [--apis 1] [--rounds 3]
 *
 * Each case runs `--rounds` times, LabTrace and bare back to back, in alternating order (a shared
 * machine's load moves between two windows of ten seconds): every round's ratio is printed, and the
 * median round is the figure (bench/results/polling*.json, from which the README's table is made).
 *
 * LabTrace runs as production runs it: `node dist/main.js` (built first when a source changed), in its
 * own process; this process only sets up the data. `--apis 2` polls two such processes (one database
 * and Redis, as behind a balancer): the connections are split evenly between them, one autocannon
 * process per API, and the reference is as many bare servers loaded the same way.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, entryCommand, spawnApp, waitForHealth } from '../test/support/app-entry';
import { registerLicensee } from '../test/support/lab';
import { releasedSample } from '../test/support/release';
import { startSimulator } from '../test/support/test-app';
import { LoadResult, runAutocannon } from './autocannon-run';
import { bootApp, ensureBuilt, ensureServices, loadLine, machineLine, readFlags, table, writeResult } from './support';

// The floor: node:http and nothing else, answering If-None-Match exactly as the app does.
const BARE_SERVER = `
const http = require('node:http');
const body = Buffer.from(process.env.BARE_BODY);
const etag = process.env.BARE_ETAG;
const server = http.createServer((req, res) => {
  const tags = (req.headers['if-none-match'] || '').split(',').map((t) => t.trim());
  if (tags.includes(etag)) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'private, no-cache' });
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, ETag: etag, 'Cache-Control': 'private, no-cache' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

function startBareServer(body: string, etag: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], {
    env: { ...process.env, BARE_BODY: body, BARE_ETAG: etag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}`, child }));
  });
}

/** A port free right now on loopback (for an API process that must be told its port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The API as scripts/start.sh and the image start it: `node dist/main.js`. */
const API_ENTRY_LABEL = entryCommand('main', { built: true }).label;

/**
 * An API process on the bench's database (`node dist/main.js`, as production runs it), listed in `started` as soon as it is
 * spawned (so that it is stopped whatever happens next), its log in `logDir`.
 */
async function startApiProcess(n: number, env: Record<string, string>, logDir: string, started: AppProcess[]): Promise<{ url: string; app: AppProcess }> {
  const port = await freePort();
  const app = spawnApp(`api-${n}`, 'main', { ...env, PORT: String(port), LISTEN_HOST: '127.0.0.1' }, logDir, 10_000, { built: true });
  started.push(app);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(app, url, 180_000);
  return { url, app };
}

/** The same load split over several servers at once (one autocannon process each), as one figure. */
async function runSplit(urls: string[], headers: Record<string, string>, connections: number, seconds: number): Promise<LoadResult> {
  const parts = await Promise.all(urls.map((u) => runAutocannon(u, headers, Math.round(connections / urls.length), seconds)));
  const total = parts.reduce((n, r) => n + r.total, 0);
  const status: Record<string, number> = {};
  for (const r of parts) for (const [code, n] of Object.entries(r.status)) status[code] = (status[code] ?? 0) + n;
  return {
    rps: parts.reduce((n, r) => n + r.rps, 0),
    total,
    // Request-weighted p50 and mean; the p99 of the whole is at most the worst part's.
    p50: parts.reduce((n, r) => n + r.p50 * r.total, 0) / Math.max(1, total),
    mean: parts.reduce((n, r) => n + r.mean * r.total, 0) / Math.max(1, total),
    p99: Math.max(...parts.map((r) => r.p99)),
    status,
    errors: parts.reduce((n, r) => n + r.errors, 0),
    timeouts: parts.reduce((n, r) => n + r.timeouts, 0),
  };
}

interface Round {
  lab: LoadResult;
  bare: LoadResult;
  ratio: number;
  load: string;
}
interface CaseResult {
  label: string;
  rounds: Round[];
  median: Round;
}

/** The API processes' count of lost LISTEN connections (a heartbeat unanswered within 0.5 s on a starved machine counts), from their /metrics. */
async function feedLosses(baseUrls: string[], metricsToken: string | undefined): Promise<number> {
  let lost = 0;
  for (const base of baseUrls) {
    const res = await fetch(`${base}/metrics`, { headers: metricsToken ? { Authorization: `Bearer ${metricsToken}` } : {} });
    const line = (await res.text()).split('\n').find((l) => l.startsWith('labtrace_poll_version_feed_lost_total'));
    if (res.status !== 200 || !line) throw new Error(`${base}/metrics answered ${res.status} without labtrace_poll_version_feed_lost_total`);
    lost += Number(line.split(' ').pop());
  }
  return lost;
}

/** CPU time (user + system, all threads) a process has used, in microseconds, from /proc (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const statusText = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([code, n]) => `${code}x${n}`)
    .join(' ') || '-';

async function main(): Promise<void> {
  const flags = readFlags({ duration: 10, connections: 200, warmup: 2, apis: 1, rounds: 3 });
  if (!Number.isInteger(flags.apis) || flags.apis < 1) throw new Error('--apis must be a whole number from 1');
  if (!Number.isInteger(flags.rounds) || flags.rounds < 1) throw new Error('--rounds must be a whole number from 1');
  ensureServices();
  ensureBuilt();
  const setupStarted = Date.now();
  const sim = await startSimulator();
  const t = await bootApp(sim, { LICENSEE_RATE_PER_SECOND: '1000000', LICENSEE_RATE_BURST: '1000000' });
  const children: ChildProcess[] = [];
  const apiProcesses: AppProcess[] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'labtrace-bench-polling-'));
  try {
    const admin = await t.userToken('admin');
    const tech = await t.userToken('technician');
    const manager = await t.userToken('manager');
    const licensee = await registerLicensee(t, admin.token);
    const sample = await releasedSample(t, tech, manager, licensee);

    // The API processes (this one only set up the data), and as many bare servers.
    const apis = await Promise.all(Array.from({ length: flags.apis }, (_, n) => startApiProcess(n + 1, t.env, logDir, apiProcesses)));
    const urls = apis.map((a) => `${a.url}/v1/licensee/samples/${sample.sampleInventoryId}`);
    const first = await fetch(urls[0], { headers: { 'X-API-Key': licensee.apiKey } });
    const body = await first.text();
    const etag = first.headers.get('etag');
    if (first.status !== 200 || !etag) throw new Error(`first poll answered ${first.status} (etag ${etag}): ${body}`);
    for (const u of urls) {
      const check = await fetch(u, { headers: { 'X-API-Key': licensee.apiKey, 'If-None-Match': etag } });
      if (check.status !== 304) throw new Error(`${u} answered ${check.status}, not 304, to a matching tag`);
    }
    const bareUrls: string[] = [];
    for (let i = 0; i < flags.apis; i++) {
      const started = await startBareServer(body, etag);
      children.push(started.child);
      bareUrls.push(`${started.url}/v1/licensee/samples/${sample.sampleInventoryId}`);
    }
    const bareCheck = await fetch(bareUrls[0], { headers: { 'If-None-Match': etag } });
    if (bareCheck.status !== 304) throw new Error(`bare server answered ${bareCheck.status} to a matching tag`);
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const miss = { 'X-API-Key': licensee.apiKey };
    const hit = { 'X-API-Key': licensee.apiKey, 'If-None-Match': etag };
    const load = loadLine();
    process.stdout.write(`setup ${setupSeconds.toFixed(1)} s; body ${Buffer.byteLength(body)} bytes, ETag ${etag}; load average before runs ${load}\n`);
    if (flags.warmup > 0) {
      await runSplit(urls, hit, flags.connections, flags.warmup);
      await runSplit(urls, miss, flags.connections, flags.warmup);
      await runSplit(bareUrls, miss, flags.connections, flags.warmup);
    }

    const cases: CaseResult[] = [];
    const labCpuUsPerRequest: number[] = [];
    for (const [label, headers] of [
      ['ETag hit (304)', hit],
      ['miss (200)', miss],
    ] as const) {
      const rounds: Round[] = [];
      for (let round = 1; round <= flags.rounds; round++) {
        process.stdout.write(`running ${label}, round ${round} of ${flags.rounds} ...\n`);
        const before = loadavg()[0];
        const runLab = async () => {
          const apiCpu = () => apis.reduce((us, a) => us + cpuMicros(a.app.child.pid!), 0);
          const cpu = apiCpu();
          const result = await runSplit(urls, headers, flags.connections, flags.duration);
          // The API processes' own CPU, per answered request.
          labCpuUsPerRequest.push((apiCpu() - cpu) / Math.max(1, result.total));
          return result;
        };
        const runBare = () => runSplit(bareUrls, headers, flags.connections, flags.duration);
        // Alternating order: neither server always gets the quieter window.
        let lab: LoadResult;
        let bare: LoadResult;
        if (round % 2 === 1) {
          lab = await runLab();
          bare = await runBare();
        } else {
          bare = await runBare();
          lab = await runLab();
        }
        rounds.push({ lab, bare, ratio: lab.rps / bare.rps, load: `${before.toFixed(2)} -> ${loadavg()[0].toFixed(2)}` });
      }
      const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)];
      cases.push({ label, rounds, median });
    }

    const rows: Array<Array<string | number>> = [['case', 'server', 'rps', 'p50 ms', 'p99 ms', 'responses', 'errors', 'load 1 min']];
    for (const c of cases) {
      c.rounds.forEach((r, i) => {
        const name = `${c.label}${c.rounds.length > 1 ? `, round ${i + 1}${r === c.median ? ' (median)' : ''}` : ''}`;
        rows.push([name, 'LabTrace', fmt(r.lab.rps), fmt(r.lab.p50), fmt(r.lab.p99), statusText(r.lab.status), r.lab.errors + r.lab.timeouts, r.load]);
        rows.push(['', 'bare node:http', fmt(r.bare.rps), fmt(r.bare.p50), fmt(r.bare.p99), statusText(r.bare.status), r.bare.errors + r.bare.timeouts, '']);
        rows.push([
          '',
          'LabTrace / bare',
          `${fmt(r.ratio, 3)}`,
          `${fmt(r.lab.p50 / Math.max(1, r.bare.p50), 1)}x`,
          `${fmt(r.lab.p99 / Math.max(1, r.bare.p99), 1)}x`,
          '',
          '',
          '',
        ]);
      });
    }
    const servers =
      flags.apis === 1
        ? `one API process, ${API_ENTRY_LABEL} (the poll fast path on node:http in front of NestJS + Express, PostgreSQL pool 20, per-key tokens leased from Redis, lock-out known clear per process, LOG_LEVEL=silent, per-key limit raised to 1e6/s); bare: node:http in its own process; autocannon in a third`
        : `${flags.apis} API processes (${API_ENTRY_LABEL} each, one database and Redis, LOG_LEVEL=silent, per-key limit raised to 1e6/s), ${Math.round(flags.connections / flags.apis)} connections to each from its own autocannon process; bare: ${flags.apis} node:http processes loaded the same way`;
    const report = [
      `Licensee status polling: GET /v1/licensee/samples/:inventoryId, ${flags.connections} connections, ${flags.duration} s per run (after ${flags.warmup} s warm-up), ${new Date().toISOString()}`,
      `machine: ${machineLine()}; load average (1, 5, 15 min) ${load} before the runs; servers, PostgreSQL, Redis, autocannon and other sessions share these cores`,
      `LabTrace: ${servers}`,
      '',
      table(rows),
      '',
      'rps = autocannon mean of per-second samples; latencies are whole milliseconds (autocannon resolution; a ratio uses 1 ms for a 0 ms floor).',
      `CPU time of the API process${flags.apis > 1 ? 'es' : ''} per answered request (user + system, all threads; /proc, 10 ms ticks): ${labCpuUsPerRequest.map((us) => `${us.toFixed(0)} µs`).join(', ')} (LabTrace runs in order)`,
      `sample-version LISTEN connection lost during the run (polls then read the database until it listens again): ${await feedLosses(
        apis.map((a) => a.url),
        t.env.METRICS_TOKEN,
      )} times`,
    ].join('\n');
    process.stdout.write(`\n${report}\n`);
    const name = flags.apis === 1 ? 'polling' : `polling-${flags.apis}-apis`;
    process.stdout.write(`written to ${writeResult(`${name}.txt`, report)}\n`);
    const summary = {
      bench: 'polling',
      at: new Date().toISOString(),
      machine: machineLine(),
      loadBefore: load,
      loadAfter: loadLine(),
      apis: flags.apis,
      connections: flags.connections,
      seconds: flags.duration,
      rounds: flags.rounds,
      cases: cases.map((c) => ({
        label: c.label,
        ratios: c.rounds.map((r) => round3(r.ratio)),
        median: {
          ratio: round3(c.median.ratio),
          rps: Math.round(c.median.lab.rps),
          bareRps: Math.round(c.median.bare.rps),
          p99: c.median.lab.p99,
          bareP99: c.median.bare.p99,
        },
      })),
    };
    process.stdout.write(`written to ${writeResult(`${name}.json`, JSON.stringify(summary, null, 2))}\n`);
  } finally {
    for (const child of children) child.kill();
    await Promise.all(apiProcesses.map((a) => a.stop()));
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`polling benchmark failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
