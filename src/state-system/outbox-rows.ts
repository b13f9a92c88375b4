import { BIOTRACK_IDS } from '../biotrack/biotrack-ids';
import { METRC_LABELS } from '../metrc/metrc-ids';
import type { SubmissionEntity } from '../traceability/outbox/submission.entity';

/** The state systems a submission can have been meant for, told apart by the syntax of the sample id it reports. */
export const STATE_SYSTEMS = ['BioTrack', 'Metrc'] as const;
export type StateSystemName = (typeof STATE_SYSTEMS)[number];

/** Each system's inventory-id pattern, as SQL (`~`) and as a test: one source, the adapters' own syntaxes. */
export const SYSTEM_ID_PATTERNS: Readonly<Record<StateSystemName, RegExp>> = { BioTrack: BIOTRACK_IDS.pattern, Metrc: METRC_LABELS.pattern };

export function systemOfInventoryId(id: unknown): StateSystemName | null {
  if (typeof id !== 'string') return null;
  return STATE_SYSTEMS.find((s) => SYSTEM_ID_PATTERNS[s].test(id)) ?? null;
}

/**
 * Tries made: `attempts` counts the failed ones (the delivery's retry budget); the try that delivered,
 * or that found the state needs a person, is one more.
 */
export function triesMade(s: Pick<SubmissionEntity, 'attempts' | 'status'>): number {
  return s.attempts + (s.status === 'delivered' || s.status === 'needs_state_action' ? 1 : 0);
}

/**
 * Why a pending row is not delivered yet, first cause first:
 * - `worker`: its next try is past due, so no worker is taking it (stopped, or far behind);
 * - `rate_limit` / `outage`: the state's last answer was a 429, or a 5xx / timeout / no answer;
 * - `failed`: any other last answer (it is retried);
 * - `queued`: not tried yet, or waiting for its first try.
 */
export const WAIT_KINDS = ['worker', 'rate_limit', 'outage', 'failed', 'queued'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

export interface WaitReason {
  kind: WaitKind;
  /** A sentence for people, without times (the console writes those in the lab's zone). */
  message: string;
}

/** A try due longer ago than this, still pending, means no worker is taking it. */
export const WORKER_GRACE_MS = 60_000;

export function waitReason(s: Pick<SubmissionEntity, 'status' | 'lastError' | 'nextAttemptAt' | 'attempts'>, now: Date): WaitReason | null {
  if (s.status !== 'pending') return null;
  const last = s.lastError ? ` The last answer was “${s.lastError}”.` : '';
  if (now.getTime() - s.nextAttemptAt.getTime() > WORKER_GRACE_MS)
    return { kind: 'worker', message: `Waiting for the worker: the next try is past due, so no worker is taking it (is the worker running?).${last}` };
  const code = /^([a-z_]+):/.exec(s.lastError ?? '')?.[1];
  if (code === 'rate_limited')
    return { kind: 'rate_limit', message: `The state system limits how often LabTrace may call it; the next try waits for it.${last}` };
  if (code === 'unavailable' || code === 'timeout' || code === 'connection')
    return { kind: 'outage', message: `The state system did not answer or is down; the next try waits for it to come back.${last}` };
  if (s.lastError) return { kind: 'failed', message: `It will be tried again.${last}` };
  return { kind: 'queued', message: s.attempts === 0 ? 'Queued for its first try.' : 'Queued for its next try.' };
}
