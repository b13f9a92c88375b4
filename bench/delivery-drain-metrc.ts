/**
 * Delivery drain on Metrc (`npm run bench:drain -- --adapter metrc`): N released samples wait in the
 * outbox; the worker starts while every Metrc call fails (503, or the connection dropped) for the
 * outage; after it, the first records and releases are stored and their answers dropped
 * (`drop_after_store`), and the simulator's GET limits (per facility, per vendor key, in flight) hold
 * throughout. Measures the time until no row is pending and checks Metrc holds each package's lab test
 * recorded once, with its COA, and released.
 *
 * Setup: transfers are created in the Metrc simulator, pulled with `POST /v1/sample-transfers/sync`,
 * then received, tested, submitted and released through the in-process HTTP API (which has no
 * delivery processor, so the releases queue). The drain is the real worker (WorkerModule:
 * DeliveryModule on BullMQ, the sweeper, the real MetrcClient with its GET limiter).
 */
import { randomInt } from 'node:crypto';
import { enterCompletePanel } from '../test/support/panels';
import { reviewedRelease } from '../test/support/release';
import { startWorker, TestContext } from '../test/support/test-app';
import { InProcessMetrc, startInProcess } from '../tools/metrc-simulator/src/in-process';
import { log, postsDistribution, requestCounts, requestsBetween, seconds, tally, waitForDrain } from './drain-common';
import { bootApp, ensureServices, inParallel, loadLine, machineLine, readFlags, table, writeResult } from './support';

const LAB = 'OCM-LAB-25-000007';
const VENDOR_KEY = 'metrc-sim-vendor-key';
const USER_KEY = 'metrc-sim-user-key';
const RECORD = '/labtests/v2/record';
const RELEASE = '/labtests/v2/results/release';
/** Every Metrc path starts with it (the /_sim/ control surface is never faulted), and clearing it leaves the other faults. */
const EVERY_CALL = '/';

interface RateLimits {
  getsPerSecondPerFacility: number;
  getsPerSecondPerVendorKey: number;
  concurrentGetsPerFacility: number;
  concurrentGetsPerVendorKey: number;
  rateLimitsEnabled: boolean;
}

interface SimStats {
  peakRequestsPerSecond: number;
  peakGetsPerSecondByFacility: Record<string, number>;
  peakGetsPerSecondByVendorKey: Record<string, number>;
  peakConcurrentGets: number;
  requests: number;
  gets: number;
  rateLimited: number;
}

interface SimState {
  recordsByLabel: Record<string, Record<string, number>>;
  recordPostsByLabel: Record<string, number>;
  refusedRecordPostsByLabel: Record<string, number>;
  releases: Array<{ label: string }>;
  documents: Array<{ labTestResultId: number; label: string }>;
}

interface SimResultRow {
  label: string;
  labTestResultId: number;
  documentFileId: number | null;
  releasedAt: string | null;
}

/** A 24-character label for a sampled lot, unique to this run. */
const lotLabel = (run: string, i: number) => `1A4B${run}${String(i).padStart(15, '0')}`;

/** Creates the incoming transfers in Metrc: one test sample package of one sampled lot each. */
async function createTransfers(sim: InProcessMetrc, samples: number, perTransfer: number): Promise<string[]> {
  const run = String(randomInt(0, 100_000)).padStart(5, '0');
  const labels: string[] = [];
  for (let first = 0; first < samples; first += perTransfer) {
    const count = Math.min(perTransfer, samples - first);
    const created = await sim.control<{ packages: Array<{ label: string }> }>('/_sim/transfers', {
      packages: Array.from({ length: count }, (_, k) => ({
        itemName: `Blue Dream - test sample ${first + k + 1}`,
        itemCategoryName: 'Flower',
        quantity: 7,
        unitOfMeasureName: 'Grams',
        sourcePackageLabels: [lotLabel(run, first + k)],
      })),
    });
    labels.push(...created.packages.map((p) => p.label));
  }
  return labels;
}

type User = { token: string };

/** Receives (local only: Metrc has no API for it), enters a complete passing panel, submits and releases. */
async function releaseSample(t: TestContext, tech: User, manager: User, sampleId: string): Promise<void> {
  await t
    .http()
    .post(`/v1/samples/${sampleId}/receive`)
    .set('Authorization', `Bearer ${tech.token}`)
    .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' })
    .expect(200);
  await enterCompletePanel(t, tech.token, sampleId);
  await t.http().post(`/v1/samples/${sampleId}/submit`).set('Authorization', `Bearer ${tech.token}`).expect(200);
  await t
    .http()
    .post(`/v1/samples/${sampleId}/release`)
    .set('Authorization', `Bearer ${manager.token}`)
    .send(await reviewedRelease(t, manager, sampleId))
    .expect(200);
}

export async function metrcDrain(argv: string[]): Promise<void> {
  const flags = readFlags(
    {
      samples: 200,
      outageSeconds: 60,
      outageFault: 'status',
      dropsAfterStore: 10,
      packagesPerTransfer: 25,
      setupConcurrency: 6,
      timeoutMinutes: 30,
    },
    argv,
  );
  if (flags.outageFault !== 'status' && flags.outageFault !== 'drop') throw new Error('--outage-fault must be status (503) or drop (connection reset)');
  ensureServices();
  const sim = await startInProcess();
  const limits = await sim.control<RateLimits>('/_sim/rate-limits');
  // The client's GET limiter is set to the simulator's limits (both are Metrc's published figures by default).
  // Default retry settings (METRC_MAX_RETRIES 5, base 500 ms, cap 30 s; DELIVERY_MAX_ATTEMPTS 15, concurrency 4)
  // except a shorter row backoff base and sweep period, as in the BioTrack mode.
  const env = {
    TRACEABILITY_ADAPTER: 'metrc',
    METRC_BASE_URL: sim.url,
    METRC_VENDOR_KEY: VENDOR_KEY,
    METRC_USER_KEY: USER_KEY,
    METRC_LICENSE: LAB,
    METRC_GET_RATE_PER_FACILITY: String(limits.getsPerSecondPerFacility),
    METRC_GET_RATE_PER_VENDOR_KEY: String(limits.getsPerSecondPerVendorKey),
    METRC_GET_CONCURRENCY_PER_FACILITY: String(limits.concurrentGetsPerFacility),
    METRC_GET_CONCURRENCY_PER_VENDOR_KEY: String(limits.concurrentGetsPerVendorKey),
    DELIVERY_RETRY_BASE_MS: '1000',
    DELIVERY_SWEEP_INTERVAL_MS: '5000',
  };
  const t = await bootApp(undefined, env);
  let worker: { close(): Promise<void> } | undefined;
  let clearTimer: NodeJS.Timeout | undefined;
  try {
    const tech = await t.userToken('technician');
    const manager = await t.userToken('manager');

    log(`setup: ${flags.samples} test sample packages in Metrc, pulled by a sync, then released (${flags.setupConcurrency} at a time) ...`);
    const setupStarted = Date.now();
    const labels = await createTransfers(sim, flags.samples, flags.packagesPerTransfer);
    await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
    const syncMs = Date.now() - setupStarted;
    const samples = await t.sql<{ id: string; label: string }>(`SELECT id, sample_inventory_id AS label FROM samples WHERE sample_inventory_id = ANY($1)`, [
      labels,
    ]);
    if (samples.length !== flags.samples) throw new Error(`the sync made ${samples.length} samples of ${flags.samples} packages`);
    log(`  synced ${samples.length} packages in ${seconds(syncMs)} s`);
    let done = 0;
    await inParallel(samples, flags.setupConcurrency, async (s) => {
      await releaseSample(t, tech, manager, s.id);
      if (++done % 50 === 0 || done === flags.samples) log(`  released ${done}/${flags.samples} after ${seconds(Date.now() - setupStarted)} s`);
    });
    const setupMs = Date.now() - setupStarted;
    const [queued] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM biotrack_submissions WHERE status = 'pending' AND step = 'post'`);
    if (Number(queued.n) !== flags.samples) throw new Error(`expected ${flags.samples} pending submissions, found ${queued.n}`);

    const before = await requestCounts('labtrace_metrc_requests_total');
    await sim.control('/_sim/stats/reset', {});
    const outage =
      flags.outageFault === 'status'
        ? { mode: 'status', status: 503, persistent: true, match: EVERY_CALL }
        : { mode: 'drop', persistent: true, match: EVERY_CALL };
    await sim.control('/_sim/faults', outage);
    // Only a successful write takes these, so they fire on the first records and releases after the outage.
    if (flags.dropsAfterStore > 0) {
      await sim.control('/_sim/faults', { mode: 'drop_after_store', method: 'POST', match: RECORD, count: flags.dropsAfterStore });
      await sim.control('/_sim/faults', { mode: 'drop_after_store', method: 'PUT', match: RELEASE, count: flags.dropsAfterStore });
    }
    const drainStarted = Date.now();
    // Set from the timer's callback (an object, so the type checker does not narrow it to null).
    const outageEnd: { at: number | null } = { at: null };
    clearTimer = setTimeout(() => {
      sim.control('/_sim/faults', { mode: 'clear', match: EVERY_CALL }).then(
        () => {
          outageEnd.at = Date.now();
          log(`  ${seconds(outageEnd.at - drainStarted)} s: outage over, fault cleared`);
        },
        (e) => log(`  could not clear the fault: ${(e as Error).message}`),
      );
    }, flags.outageSeconds * 1000);
    worker = await startWorker(t);
    log(`drain: worker started with every Metrc call ${flags.outageFault === 'status' ? 'answering 503' : 'dropped'} for ${flags.outageSeconds} s ...`);

    const { counts, firstDeliveredMs, drainMs, timedOut } = await waitForDrain(t, {
      samples: flags.samples,
      startedAt: drainStarted,
      timeoutMinutes: flags.timeoutMinutes,
    });
    clearTimeout(clearTimer);
    const after = await requestCounts('labtrace_metrc_requests_total');
    const stats = await sim.control<SimStats>('/_sim/stats');
    const leftFaults = (await sim.control<{ data: Array<{ mode: string; match: string | null; remaining: number | null }> }>('/_sim/faults')).data;
    const state = await sim.control<SimState>('/_sim/state');
    const rows = (await sim.control<{ data: SimResultRow[] }>('/_sim/results')).data;
    const packages = (await sim.control<{ data: Array<{ label: string; labTestingState: string }> }>('/_sim/packages')).data;

    const ours = new Set(labels);
    const postsPerLabel = tally(labels, state.recordPostsByLabel);
    const postCounts = labels.map((l) => state.recordPostsByLabel[l] ?? 0);
    const released = new Set(state.releases.map((r) => r.label));
    const recorded = (label: string) => Object.keys(state.recordsByLabel[label] ?? {}).length;
    const lost = labels.filter((l) => recorded(l) === 0 || !released.has(l)).length;
    const doubled = labels.filter((l) => (state.recordPostsByLabel[l] ?? 0) > 1 || Object.values(state.recordsByLabel[l] ?? {}).some((n) => n > 1)).length;
    const refusedPosts = labels.reduce((n, l) => n + (state.refusedRecordPostsByLabel[l] ?? 0), 0);
    const typesPerLabel = labels.map(recorded);
    const ourRows = rows.filter((r) => ours.has(r.label));
    const withCoa = labels.filter((l) => {
      const held = ourRows.filter((r) => r.label === l);
      return held.length > 0 && held.every((r) => r.documentFileId !== null && r.releasedAt !== null);
    }).length;
    const passed = packages.filter((p) => ours.has(p.label) && p.labTestingState === 'TestPassed').length;
    const fired = (match: string) => flags.dropsAfterStore - (leftFaults.find((f) => f.mode === 'drop_after_store' && f.match === match)?.remaining ?? 0);
    const [attempts] = await t.sql<{ total: string; max: number; retried: string }>(
      `SELECT coalesce(sum(attempts), 0) AS total, coalesce(max(attempts), 0) AS max, count(*) FILTER (WHERE attempts > 0) AS retried FROM biotrack_submissions`,
    );

    const requests = requestsBetween(before, after);
    const totalRequests = requests.reduce((n, [, v]) => n + v, 0);
    const afterOutageMs = outageEnd.at === null ? drainMs : drainStarted + drainMs - outageEnd.at;
    const facilityPeak = stats.peakGetsPerSecondByFacility[LAB] ?? 0;
    const vendorPeak = stats.peakGetsPerSecondByVendorKey[VENDOR_KEY] ?? 0;
    const others = Object.entries(counts).filter(([status, n]) => !['delivered', 'pending', 'dead'].includes(status) && n > 0);

    const figures = table([
      ['figure', 'value'],
      ['samples released (test sample packages)', flags.samples],
      [
        'setup (Metrc transfers + sync, then receive -> release)',
        `${seconds(setupMs)} s (sync ${seconds(syncMs)} s; ${(flags.samples / (setupMs / 1000)).toFixed(1)} releases/s)`,
      ],
      [`outage (${flags.outageFault === 'status' ? '503' : 'connection dropped'} on every Metrc call)`, `${flags.outageSeconds} s`],
      ['drop_after_store: record / release (fired of set)', `${fired(RECORD)} of ${flags.dropsAfterStore} / ${fired(RELEASE)} of ${flags.dropsAfterStore}`],
      ['time to drain (worker start -> none pending)', `${seconds(drainMs)} s${timedOut ? ' (TIMED OUT)' : ''}`],
      ['  of which after the outage ended', `${seconds(afterOutageMs)} s (${(flags.samples / (afterOutageMs / 1000)).toFixed(2)} deliveries/s)`],
      ['first row delivered at', firstDeliveredMs === null ? '-' : `${seconds(firstDeliveredMs)} s`],
      ['rows delivered / pending / dead', `${counts.delivered} / ${counts.pending} / ${counts.dead}${others.map(([s, n]) => `, ${s} ${n}`).join('')}`],
      ['record posts per label', `${postsDistribution(postsPerLabel, 'labels')} (min ${Math.min(...postCounts)}, max ${Math.max(...postCounts)})`],
      ['doubled (a type recorded twice, or 2+ record posts)', doubled],
      ['lost (released in LabTrace, not recorded+released in Metrc)', lost],
      ['record posts refused by Metrc (row errors)', refusedPosts],
      ['test types recorded per label (min / max)', `${Math.min(...typesPerLabel)} / ${Math.max(...typesPerLabel)}`],
      ['labels with the COA on every result, released', `${withCoa} / ${flags.samples}`],
      ['packages TestPassed in Metrc', `${passed} / ${flags.samples}`],
      ['row attempts (failed tries): total / max / rows', `${attempts.total} / ${attempts.max} / ${attempts.retried}`],
      [
        'peak GETs/s, facility (sim, any 1 s window) vs limit',
        `${facilityPeak} vs ${limits.getsPerSecondPerFacility} (ratio ${(facilityPeak / limits.getsPerSecondPerFacility).toFixed(2)})${facilityPeak > limits.getsPerSecondPerFacility ? ' (OVER)' : ''}`,
      ],
      ['peak GETs/s, vendor key vs limit', `${vendorPeak} vs ${limits.getsPerSecondPerVendorKey}`],
      ['peak GETs in flight (all) vs limit per facility', `${stats.peakConcurrentGets} vs ${limits.concurrentGetsPerFacility}`],
      ['429 answers (GET limits)', stats.rateLimited],
      ['Metrc calls seen by the sim: all / GETs / peak all per s', `${stats.requests} / ${stats.gets} / ${stats.peakRequestsPerSecond}`],
      ['Metrc requests by the client during the drain', `${totalRequests} (${(totalRequests / (drainMs / 1000)).toFixed(2)}/s)`],
      ...requests.map(([k, v]) => [`  ${k}`, v]),
    ]);
    const report = [
      `Delivery drain on Metrc, ${new Date().toISOString()}; machine: ${machineLine()}; load average (1, 5, 15 min) at the end ${loadLine()}`,
      `simulator: GET limits ${limits.getsPerSecondPerFacility}/s and ${limits.concurrentGetsPerFacility} in flight per facility, ` +
        `${limits.getsPerSecondPerVendorKey}/s and ${limits.concurrentGetsPerVendorKey} in flight per vendor key (rate limits ${limits.rateLimitsEnabled ? 'on' : 'OFF'});`,
      `persistent ${flags.outageFault === 'status' ? '503' : 'dropped connection'} on every call for the first ${flags.outageSeconds} s of the drain; ` +
        `the first ${flags.dropsAfterStore} successful records and releases after it stored and their answers dropped.`,
      `Client GET limiter at the same limits; default retries (METRC_MAX_RETRIES 5, METRC_RETRY_BASE_MS 500, DELIVERY_MAX_ATTEMPTS 15,`,
      `DELIVERY_CONCURRENCY 4) except DELIVERY_RETRY_BASE_MS=1000 (default 2000) and DELIVERY_SWEEP_INTERVAL_MS=5000 (default 15000).`,
      `Worker = WorkerModule in this process.`,
      '',
      figures,
    ].join('\n');
    log(`\n${report}`);
    log(`written to ${writeResult(`delivery-drain-metrc-${flags.samples}-samples-${flags.outageSeconds}s-${flags.outageFault}-outage.txt`, report)}`);
    if (timedOut || lost > 0 || doubled > 0 || postCounts.some((n) => n !== 1) || facilityPeak > limits.getsPerSecondPerFacility) process.exitCode = 2;
  } finally {
    clearTimeout(clearTimer);
    await worker?.close();
    await t.close();
    await sim.close();
  }
}
