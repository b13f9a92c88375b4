import axios from 'axios';
import { assertUnreachable } from '../common/domain-error';
import { TraceabilityError, TraceabilityErrorKind } from '../traceability/traceability.errors';
import { BiotrackError } from './client/biotrack.error';
import { toBiotrackError } from './client/transport-errors';

/** BioTrack as people know it, in every message of the port. */
export const BIOTRACK_NAME = 'BioTrack';

/** The adapter's operations whose 409 can mean "already done" rather than "not allowed". */
export type BiotrackOperation = 'accept' | 'reject' | 'void' | 'other';

/**
 * The NY-API answers 409 `conflict` both when a repeat finds the work done and when the thing is in
 * another state; only its message tells which (shared/biotrack-ny-api.md: "409 already accepted or
 * rejected"). Accepting an accepted sample is done; accepting a rejected one is a conflict.
 */
const ALREADY_DONE: Partial<Record<BiotrackOperation, RegExp>> = {
  accept: /\balready accepted\b/i,
  reject: /\balready rejected\b/i,
  void: /\b(?:is|already) void(?:ed)?\b/i,
};

/**
 * A BioTrack failure (or a transport failure on the way to it) as the port's TraceabilityError.
 * Anything else is not the state's answer but our own fault, and passes through unchanged.
 */
export function toTraceabilityError(e: unknown, operation: BiotrackOperation = 'other'): unknown {
  const error = e instanceof BiotrackError ? e : axios.isAxiosError(e) ? toBiotrackError(e) : null;
  if (!error) return e;
  return new TraceabilityError(kindOf(error, operation), error.message, {
    system: BIOTRACK_NAME,
    outcomeUnknown: error.outcomeUnknown,
    retryAfterMs: error.retryAfterMs,
    stateCode: error.stateCode,
    details: error.details,
  });
}

function kindOf(error: BiotrackError, operation: BiotrackOperation): TraceabilityErrorKind {
  // A 429 or 5xx, or no answer at all, may go through later whatever code its body carries.
  if (error.retryable) return 'transient';
  switch (error.stateCode) {
    case 'duplicate':
      return 'duplicate';
    case 'not_found':
      return 'not_found';
    case 'conflict':
      return ALREADY_DONE[operation]?.test(error.message) ? 'duplicate' : 'conflict';
    case 'unauthorized':
    case 'session_expired':
    case 'forbidden':
    case 'validation':
    case 'rate_limited':
    case 'unavailable':
    case 'timeout':
    case 'connection':
    case 'unexpected':
      return 'refused';
    default:
      return assertUnreachable(error.stateCode);
  }
}
