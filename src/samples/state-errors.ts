import { assertUnreachable } from '../common/domain-error';
import { TraceabilityError } from '../traceability/traceability.errors';
import { SampleError, SampleErrorCode } from './samples.errors';

/**
 * The state system's failures as the technician sees them, named by the adapter's system: a transient
 * failure says to try again; any other carries the state's own message. Either way nothing was changed
 * on our side. An error that is not the state's is our own fault and is returned unchanged.
 */
export function stateFailure(action: string, e: unknown): Error {
  if (!(e instanceof TraceabilityError)) return e instanceof Error ? e : new Error(String(e));
  switch (e.kind) {
    case 'transient':
      return new SampleError(
        SampleErrorCode.STATE_SYSTEM_UNAVAILABLE,
        `${e.system} could not ${action} right now: ${e.message}. Nothing was changed; try again.`,
      );
    case 'refused':
    case 'duplicate':
    case 'not_found':
    case 'conflict':
      return new SampleError(SampleErrorCode.STATE_SYSTEM_REFUSED, `${e.system} refused to ${action}: ${e.message}. Nothing was changed.`);
    default:
      return assertUnreachable(e.kind);
  }
}

/** True when the state already holds what we asked for (a retried accept or reject). */
export function isAlreadyDone(e: unknown): boolean {
  return e instanceof TraceabilityError && e.kind === 'duplicate';
}
