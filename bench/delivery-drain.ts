/**
 * Delivery drain: N released samples wait in the outbox; the worker starts while the state answers 503
 * to everything for the outage, then rate-limits to 10 requests/s. Measures the time until no row is
 * pending and checks the state holds each release exactly once.
 *
 *   npx ts-node --transpile-only -P tsconfig.json bench/delivery-drain.ts [--samples 1000] [--outage-seconds 60]
 *   npm run bench:drain -- --adapter metrc [--samples 200] ...   (the Metrc mode: delivery-drain-metrc.ts)
 *
 * Setup goes through the real HTTP flow in-process (announce, receive, results, submit, release); the
 * API has no delivery processor, so releases queue in Redis. The drain is the real worker (WorkerModule:
 * DeliveryModule on BullMQ, the sweeper, the real BiotrackClient) against the simulator.
 */
import { registerLicensee } from '../test/support/lab';
import { releasedSample } from '../test/support/release';
import { startSimulator, startWorker } from '../test/support/test-app';
import { log, postsDistribution, requestCounts, requestsBetween, seconds, tally, waitForDrain } from './drain-common';
import { bootApp, ensureServices, inParallel, loadLine, machineLine, readFlags, table, writeResult } from './support';

type SimResults = {
  data: Array<{ resultId: string; sampleId: string; document: unknown }>;
  postsByInventoryId: Record<string, number>;
  amendsByInventoryId: Record<string, number>;
};

const ADAPTERS = ['biotrack', 'metrc'] as const;

/** Takes `--adapter biotrack|metrc` (default biotrack) out of the flags; the rest belong to that mode. */
function splitAdapter(argv: string[]): { adapter: (typeof ADAPTERS)[number]; rest: string[] } {
  let adapter = 'biotrack';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--adapter(?:=(.*))?$/.exec(argv[i]);
    if (!m) rest.push(argv[i]);
    else adapter = m[1] ?? argv[++i] ?? '';
  }
  const known = ADAPTERS.find((a) => a === adapter);
  if (!known) throw new Error(`--adapter must be one of ${ADAPTERS.join(', ')}, got "${adapter}"`);
  return { adapter: known, rest };
}

async function main(): Promise<void> {
  const { adapter, rest } = splitAdapter(process.argv.slice(2));
  if (adapter === 'metrc') {
    const { metrcDrain } = await import('./delivery-drain-metrc');
    return metrcDrain(rest);
  }
  return biotrackDrain(rest);
}

/** The simulator's limit and the client's: the drain's ceiling after the outage. */
const BIOTRACK_RATE_PER_SECOND = 10;

async function biotrackDrain(argv: string[]): Promise<void> {
  const flags = readFlags({ samples: 1000, outageSeconds: 60, setupConcurrency: 6, timeoutMinutes: 30 }, argv);
  ensureServices();
  const sim = await startSimulator({ ratePerSecond: BIOTRACK_RATE_PER_SECOND });
  // Default retry settings (BIOTRACK_MAX_RETRIES 5, base 500 ms, cap 30 s; DELIVERY_MAX_ATTEMPTS 15,
  // concurrency 4) except a shorter row backoff base and sweep period, as said in the output.
  const t = await bootApp(sim, {
    BIOTRACK_RATE_PER_SECOND: String(BIOTRACK_RATE_PER_SECOND),
    DELIVERY_RETRY_BASE_MS: '1000',
    DELIVERY_SWEEP_INTERVAL_MS: '5000',
  });
  let worker: { close(): Promise<void> } | undefined;
  let clearTimer: NodeJS.Timeout | undefined;
  try {
    const admin = await t.userToken('admin');
    const tech = await t.userToken('technician');
    const manager = await t.userToken('manager');
    const licensee = await registerLicensee(t, admin.token);

    log(`setup: releasing ${flags.samples} samples (${flags.setupConcurrency} at a time; each receive is an accept call to the state at 10/s) ...`);
    const setupStarted = Date.now();
    let done = 0;
    const samples = await inParallel(Array.from({ length: flags.samples }), flags.setupConcurrency, async () => {
      const s = await releasedSample(t, tech, manager, licensee);
      if (++done % 100 === 0 || done === flags.samples) log(`  released ${done}/${flags.samples} after ${seconds(Date.now() - setupStarted)} s`);
      return s;
    });
    const setupMs = Date.now() - setupStarted;
    const loadBefore = loadLine();
    const [queued] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM biotrack_submissions WHERE status = 'pending' AND step = 'post'`);
    if (Number(queued.n) !== flags.samples) throw new Error(`expected ${flags.samples} pending submissions, found ${queued.n}`);
    const lots = samples.flatMap((s) => s.inventoryIds);

    const before = await requestCounts('labtrace_biotrack_requests_total');
    await sim.control('/_sim/faults', { mode: 'status', status: 503, persistent: true, count: 0, match: '/v1' });
    const drainStarted = Date.now();
    clearTimer = setTimeout(() => {
      sim.control('/_sim/faults', { mode: 'clear', match: '/v1' }).then(
        () => log(`  ${seconds(Date.now() - drainStarted)} s: outage over, 503 fault cleared`),
        (e) => log(`  could not clear the fault: ${(e as Error).message}`),
      );
    }, flags.outageSeconds * 1000);
    worker = await startWorker(t);
    log(`drain: worker started with every /v1 call answering 503 for ${flags.outageSeconds} s ...`);

    const { counts, firstDeliveredMs, drainMs, timedOut } = await waitForDrain(t, {
      samples: flags.samples,
      startedAt: drainStarted,
      timeoutMinutes: flags.timeoutMinutes,
    });
    clearTimeout(clearTimer);
    const after = await requestCounts('labtrace_biotrack_requests_total');

    const stateView = (await sim.control('/_sim/results')) as SimResults;
    const ours = new Set(samples.map((s) => s.sampleInventoryId));
    const stateResults = stateView.data.filter((r) => ours.has(r.sampleId));
    const reportedSamples = new Set(stateResults.map((r) => r.sampleId));
    const postsPerLot = tally(lots, stateView.postsByInventoryId);
    const lost = samples.filter((s) => !reportedSamples.has(s.sampleInventoryId)).length;
    const withDocument = stateResults.filter((r) => r.document !== null).length;
    const [attempts] = await t.sql<{ total: string; max: number; retried: string }>(
      `SELECT coalesce(sum(attempts), 0) AS total, coalesce(max(attempts), 0) AS max, count(*) FILTER (WHERE attempts > 0) AS retried FROM biotrack_submissions`,
    );

    const requests = requestsBetween(before, after);
    const totalRequests = requests.reduce((n, [, v]) => n + v, 0);
    const afterOutageMs = drainMs - flags.outageSeconds * 1000;
    // The reference: the most the state lets through, 10 requests/s at two requests (result, COA) per delivery.
    const ceiling = BIOTRACK_RATE_PER_SECOND / 2;
    const achieved = flags.samples / (afterOutageMs / 1000);

    const figures = table([
      ['figure', 'value'],
      ['samples released', flags.samples],
      ['setup (HTTP flow, announce -> release)', `${seconds(setupMs)} s (${(flags.samples / (setupMs / 1000)).toFixed(1)} releases/s)`],
      ['outage (503 on every /v1 call)', `${flags.outageSeconds} s`],
      ['time to drain (worker start -> none pending)', `${seconds(drainMs)} s${timedOut ? ' (TIMED OUT)' : ''}`],
      ['  of which after the outage', `${seconds(afterOutageMs)} s (${achieved.toFixed(2)} deliveries/s)`],
      [`  ratio to the state's ceiling (${ceiling} deliveries/s)`, (achieved / ceiling).toFixed(3)],
      ['first row delivered at', firstDeliveredMs === null ? '-' : `${seconds(firstDeliveredMs)} s`],
      ['rows delivered / pending / dead', `${counts.delivered} / ${counts.pending} / ${counts.dead}`],
      ['posts per inventory id', postsDistribution(postsPerLot)],
      ['lost (released, not in the state)', lost],
      ['results in the state with the COA attached', `${withDocument} / ${stateResults.length}`],
      ['row attempts (failed tries): total / max / rows', `${attempts.total} / ${attempts.max} / ${attempts.retried}`],
      ['NY-API requests during the drain', `${totalRequests} (${(totalRequests / (drainMs / 1000)).toFixed(2)}/s)`],
      ...requests.map(([k, v]) => [`  ${k}`, v]),
    ]);
    const report = [
      `Delivery drain, ${new Date().toISOString()}; machine: ${machineLine()}; load average (1, 5, 15 min) ${loadBefore} before, ${loadLine()} after`,
      `simulator: ratePerSecond 10 throughout, persistent 503 on /v1 for the first ${flags.outageSeconds} s of the drain; client BIOTRACK_RATE_PER_SECOND=10,`,
      `default retries (BIOTRACK_MAX_RETRIES 5, BIOTRACK_RETRY_BASE_MS 500, DELIVERY_MAX_ATTEMPTS 15, DELIVERY_CONCURRENCY 4) except`,
      `DELIVERY_RETRY_BASE_MS=1000 (default 2000) and DELIVERY_SWEEP_INTERVAL_MS=5000 (default 15000). Worker = WorkerModule in this process.`,
      '',
      figures,
    ].join('\n');
    log(`\n${report}`);
    log(`written to ${writeResult(`delivery-drain-${flags.samples}-samples-${flags.outageSeconds}s-outage.txt`, report)}`);
    if (timedOut || lost > 0 || [...postsPerLot.keys()].some((n) => n !== 1)) process.exitCode = 2;
  } finally {
    clearTimeout(clearTimer);
    await worker?.close();
    await t.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    process.stderr.write(`delivery drain benchmark failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
