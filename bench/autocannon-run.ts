import { spawn } from 'node:child_process';

export interface LoadResult {
  /** Mean requests per second over the run's one-second samples. */
  rps: number;
  total: number;
  p50: number;
  p99: number;
  mean: number;
  status: Record<string, number>;
  errors: number;
  timeouts: number;
}

// Runs in a separate Node process so the load generator never shares an event loop with a server.
const RUNNER = `
const autocannon = require(process.env.AUTOCANNON_PATH);
const opts = JSON.parse(process.env.AUTOCANNON_OPTS);
autocannon(opts, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  const status = Object.fromEntries(Object.entries(r.statusCodeStats || {}).map(([k, v]) => [k, v.count]));
  process.stdout.write(JSON.stringify({ rps: r.requests.average, total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.average, status, errors: r.errors, timeouts: r.timeouts }));
});
`;

/** One autocannon run against `url` with the given headers, in a child process. */
export function runAutocannon(url: string, headers: Record<string, string>, connections: number, durationSeconds: number): Promise<LoadResult> {
  const opts = { url, connections, duration: durationSeconds, headers, pipelining: 1 };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', RUNNER], {
      env: { ...process.env, AUTOCANNON_PATH: require.resolve('autocannon'), AUTOCANNON_OPTS: JSON.stringify(opts) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (e) {
        reject(new Error(`autocannon printed no result: ${(e as Error).message}: ${out.slice(0, 200)}`));
      }
    });
  });
}
