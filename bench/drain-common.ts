import { register } from 'prom-client';
import type { TestContext } from '../test/support/test-app';

/** The parts both delivery-drain modes (BioTrack, Metrc) share: waiting for the outbox to empty and counting. */

export const seconds = (ms: number) => (ms / 1000).toFixed(1);
export const log = (line: string) => process.stdout.write(`${line}\n`);

export interface DrainCounts {
  delivered: number;
  pending: number;
  dead: number;
  [status: string]: number;
}

export interface DrainOutcome {
  counts: DrainCounts;
  firstDeliveredMs: number | null;
  drainMs: number;
  timedOut: boolean;
}

/**
 * Polls the outbox (every 250 ms, a progress line every 15 s) until no submission is pending or the
 * deadline passes. Times are from `startedAt` (the worker's start).
 */
export async function waitForDrain(t: TestContext, opts: { samples: number; startedAt: number; timeoutMinutes: number }): Promise<DrainOutcome> {
  let firstDeliveredMs: number | null = null;
  let lastReport = 0;
  let counts: DrainCounts = { delivered: 0, pending: opts.samples, dead: 0 };
  const deadline = opts.startedAt + opts.timeoutMinutes * 60_000;
  for (;;) {
    const rows = await t.sql<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM biotrack_submissions GROUP BY status`);
    counts = { delivered: 0, pending: 0, dead: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    const now = Date.now();
    if (counts.delivered > 0 && firstDeliveredMs === null) firstDeliveredMs = now - opts.startedAt;
    if (counts.pending === 0 || now > deadline) break;
    if (now - lastReport >= 15_000) {
      lastReport = now;
      log(`  ${seconds(now - opts.startedAt)} s: delivered ${counts.delivered}, pending ${counts.pending}, dead ${counts.dead}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { counts, firstDeliveredMs, drainMs: Date.now() - opts.startedAt, timedOut: counts.pending > 0 };
}

/** A client's requests counter as "operation outcome" -> count (app and worker share the registry). */
export async function requestCounts(metricName: string): Promise<Map<string, number>> {
  const metric = register.getSingleMetric(metricName);
  const out = new Map<string, number>();
  if (!metric) return out;
  for (const v of (await metric.get()).values) out.set(`${v.labels.operation} ${v.labels.outcome}`, v.value);
  return out;
}

/** The requests made between two `requestCounts` readings, sorted by name, without zeros. */
export function requestsBetween(before: Map<string, number>, after: Map<string, number>): Array<readonly [string, number]> {
  return [...after.entries()]
    .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** "1 post: 200 ids" from post count -> how many ids had it. */
export function postsDistribution(postsPerId: Map<number, number>, noun = 'ids'): string {
  return [...postsPerId.entries()]
    .sort(([a], [b]) => a - b)
    .map(([posts, ids]) => `${posts} post${posts === 1 ? '' : 's'}: ${ids} ${noun}`)
    .join(', ');
}

/** Counts how many of `ids` had each number of posts (an id never posted counts as 0). */
export function tally(ids: string[], postsById: Record<string, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const id of ids) {
    const n = postsById[id] ?? 0;
    out.set(n, (out.get(n) ?? 0) + 1);
  }
  return out;
}
