import { SampleError, SampleErrorCode } from './samples.errors';

/**
 * The state system's failures as the technician sees them: a refusal (4xx) carries the state's own
 * message; an outage says to try again. Either way nothing was changed on our side.
 */
export function stateFailure(action: string, e: unknown): SampleError {
  const err = e as { message?: string; retryable?: boolean; status?: number };
  const message = err?.message ?? String(e);
  if (err?.retryable) {
    return new SampleError(SampleErrorCode.STATE_SYSTEM_UNAVAILABLE, `BioTrack could not ${action} right now: ${message}. Nothing was changed; try again.`);
  }
  return new SampleError(SampleErrorCode.STATE_SYSTEM_REFUSED, `BioTrack refused to ${action}: ${message}. Nothing was changed.`);
}

/** True when the state says the sample is already in the state we asked for (a retried request). */
export function isAlreadyDone(e: unknown): boolean {
  const err = e as { stateCode?: string; code?: string; message?: string };
  return (err?.stateCode === 'conflict' || err?.code === 'CONFLICT') && /already accepted/i.test(err?.message ?? '');
}
