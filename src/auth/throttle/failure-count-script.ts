import type { FailureOutcome, ScopeLimits, ThrottleTiming } from './throttle-policy';
import { waitSchedule } from './throttle-policy';
import type { Block, RecordedFailure, ThrottleKey, ThrottleScope } from './throttle.store';

/** One scope's share of a counted attempt, as COUNT_FAILURE_SCRIPT answered. */
export interface CountedFailure extends RecordedFailure {
  key: ThrottleKey;
  /** When the count before this attempt would have been forgotten (epoch ms, Redis's clock); 0: there was none. */
  previousExpiry: number;
}

export type CountAnswer = { kind: 'refused'; block: Block } | { kind: 'counted'; counted: CountedFailure[] };

export interface CountRequest {
  /** Refuse, counting nothing, while a scope waits or is locked (a sign-in); else count regardless (a wrong API key). */
  refuseWhileBlocked: boolean;
  token: string;
  windowSeconds: number;
  timing: ThrottleTiming;
  limits: ScopeLimits[];
}

/** ARGV for COUNT_FAILURE_SCRIPT: every number the policy decides is computed here, none in Lua. */
export function countArgs(request: CountRequest): string[] {
  const lockMs = request.timing.lockSeconds * 1000;
  return [
    request.refuseWhileBlocked ? '1' : '0',
    request.token,
    String(request.windowSeconds * 1000),
    ...request.limits.flatMap((limits) => [String(lockMs), waitSchedule(limits, request.timing).join(',')]),
  ];
}

/** COUNT_FAILURE_SCRIPT's answer, for the scopes it was given in this order. */
export function readCountReply(reply: unknown, keys: ThrottleKey[]): CountAnswer {
  if (!Array.isArray(reply)) throw new Error(`unexpected answer from the failure-count script: ${JSON.stringify(reply)}`);
  if (Number(reply[0]) === 0) {
    const [, index, kind, ms] = reply as [number, number, string, number];
    const key = keys[Number(index) - 1];
    if (!key || (kind !== 'lock' && kind !== 'delay')) throw new Error(`unexpected refusal from the failure-count script: ${JSON.stringify(reply)}`);
    return { kind: 'refused', block: { key, kind, ms: Number(ms) } };
  }
  const scopes = reply.slice(1) as unknown[];
  if (scopes.length !== keys.length) throw new Error(`the failure-count script answered for ${scopes.length} of ${keys.length} scopes`);
  return {
    kind: 'counted',
    counted: scopes.map((scope, i) => {
      const [failures, kind, ms, newly, previousExpiry] = scope as [number, string, number, number, number];
      return {
        key: keys[i],
        failures: Number(failures),
        outcome: toOutcome(kind, Number(ms)),
        newlyLocked: Number(newly) === 1,
        previousExpiry: Number(previousExpiry),
      };
    }),
  };
}

function toOutcome(kind: string, ms: number): FailureOutcome {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'delay':
    case 'lock':
      return { kind, ms };
    default:
      throw new Error(`unexpected outcome from the failure-count script: ${kind}`);
  }
}

/** ARGV for TAKE_BACK_SCRIPT (KEYS as counted); the scopes in `forget` lose their whole count. */
export function takeBackArgs(token: string, counted: CountedFailure[], forget: readonly ThrottleScope[]): string[] {
  return [
    token,
    ...counted.flatMap((c) => [forget.includes(c.key.scope) ? '1' : '0', String(c.failures), String(c.previousExpiry), c.outcome.kind === 'lock' ? '1' : '0']),
  ];
}
