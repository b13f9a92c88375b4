/**
 * Licensee status polling under load: GET /v1/licensee/samples/:inventoryId on the real app (real
 * socket, PostgreSQL, auth, rate-limit guard, ETag) with autocannon, with and without a matching
 * If-None-Match, beside a bare Node http server answering the same bytes the same way.
 *
 *   npx ts-node --transpile-only -P tsconfig.json bench/polling.ts [--duration 10] [--connections 200] [--warmup 2]
 */
import { ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { registerLicensee } from '../test/support/lab';
import { releasedSample } from '../test/support/release';
import { startSimulator } from '../test/support/test-app';
import { LoadResult, runAutocannon } from './autocannon-run';
import { bootApp, ensureServices, machineLine, readFlags, table, writeResult } from './support';

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

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const statusText = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([code, n]) => `${code}x${n}`)
    .join(' ') || '-';

async function main(): Promise<void> {
  const flags = readFlags({ duration: 10, connections: 200, warmup: 2 });
  ensureServices();
  const setupStarted = Date.now();
  const sim = await startSimulator();
  const t = await bootApp(sim, { LICENSEE_RATE_PER_SECOND: '1000000', LICENSEE_RATE_BURST: '1000000' });
  let bare: ChildProcess | undefined;
  try {
    const admin = await t.userToken('admin');
    const tech = await t.userToken('technician');
    const manager = await t.userToken('manager');
    const licensee = await registerLicensee(t, admin.token);
    const sample = await releasedSample(t, tech, manager, licensee);

    await t.app.listen(0, '127.0.0.1');
    const port = ((t.app.getHttpServer() as Server).address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/v1/licensee/samples/${sample.sampleInventoryId}`;
    const first = await fetch(url, { headers: { 'X-API-Key': licensee.apiKey } });
    const body = await first.text();
    const etag = first.headers.get('etag');
    if (first.status !== 200 || !etag) throw new Error(`first poll answered ${first.status} (etag ${etag}): ${body}`);
    const again = await fetch(url, { headers: { 'X-API-Key': licensee.apiKey, 'If-None-Match': etag } });
    if (again.status !== 304) throw new Error(`a poll with If-None-Match answered ${again.status}, not 304`);

    const started = await startBareServer(body, etag);
    bare = started.child;
    const bareUrl = `${started.url}/v1/licensee/samples/${sample.sampleInventoryId}`;
    const bareCheck = await fetch(bareUrl, { headers: { 'If-None-Match': etag } });
    if (bareCheck.status !== 304) throw new Error(`bare server answered ${bareCheck.status} to a matching tag`);
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const miss = { 'X-API-Key': licensee.apiKey };
    const hit = { 'X-API-Key': licensee.apiKey, 'If-None-Match': etag };
    const load = Math.round(loadavg()[0] * 100) / 100;
    process.stdout.write(`setup ${setupSeconds.toFixed(1)} s; body ${Buffer.byteLength(body)} bytes, ETag ${etag}; load average before runs ${load}\n`);
    if (flags.warmup > 0) {
      await runAutocannon(url, hit, flags.connections, flags.warmup);
      await runAutocannon(url, miss, flags.connections, flags.warmup);
      await runAutocannon(bareUrl, miss, flags.connections, flags.warmup);
    }

    const runs: Array<{ label: string; lab: LoadResult; bare: LoadResult }> = [];
    for (const [label, headers] of [
      ['ETag hit (304)', hit],
      ['miss (200)', miss],
    ] as const) {
      process.stdout.write(`running ${label} ...\n`);
      const lab = await runAutocannon(url, headers, flags.connections, flags.duration);
      const floor = await runAutocannon(bareUrl, headers, flags.connections, flags.duration);
      runs.push({ label, lab, bare: floor });
    }

    const rows: Array<Array<string | number>> = [['case', 'server', 'rps', 'p50 ms', 'p99 ms', 'responses', 'errors']];
    for (const r of runs) {
      rows.push([r.label, 'LabTrace', fmt(r.lab.rps), fmt(r.lab.p50), fmt(r.lab.p99), statusText(r.lab.status), r.lab.errors + r.lab.timeouts]);
      rows.push(['', 'bare node:http', fmt(r.bare.rps), fmt(r.bare.p50), fmt(r.bare.p99), statusText(r.bare.status), r.bare.errors + r.bare.timeouts]);
      rows.push([
        '',
        'LabTrace / bare',
        `${fmt(r.lab.rps / r.bare.rps, 3)}`,
        `${fmt(r.lab.p50 / Math.max(1, r.bare.p50), 1)}x`,
        `${fmt(r.lab.p99 / Math.max(1, r.bare.p99), 1)}x`,
        '',
        '',
      ]);
    }
    const report = [
      `Licensee status polling: GET /v1/licensee/samples/:inventoryId, ${flags.connections} connections, ${flags.duration} s per run (after ${flags.warmup} s warm-up), ${new Date().toISOString()}`,
      `machine: ${machineLine()}; load average ${load} before the runs; server, bare server and autocannon share these cores`,
      `LabTrace: one Node process (NestJS + express, PostgreSQL pool 20, LOG_LEVEL=silent, per-key limit raised to 1e6/s); bare: node:http in its own process; autocannon in a third`,
      '',
      table(rows),
      '',
      'rps = autocannon mean of per-second samples; latencies are whole milliseconds (autocannon resolution; a ratio uses 1 ms for a 0 ms floor).',
    ].join('\n');
    process.stdout.write(`\n${report}\n`);
    process.stdout.write(`written to ${writeResult('polling.txt', report)}\n`);
  } finally {
    bare?.kill();
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
