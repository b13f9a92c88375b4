import { assertUnreachable } from '../common/domain-error';
import { TraceabilityError, TraceabilityErrorKind } from '../traceability/traceability.errors';
import { MetrcError } from './client/metrc.error';
import { toMetrcError } from './client/transport-errors';
import { UnreportableError } from './metrc-report.mapping';

/** Metrc as people know it, in every message of the port. */
export const METRC_NAME = 'Metrc';

// Metrc answers a repeat with a 400 row error, not a code; its text is all that tells a repeat apart.
const ALREADY_HELD = /\balready (exists|has|recorded|released)\b/i;

/**
 * A Metrc failure (or a transport failure on the way to it), or a report LabTrace refuses to send, as
 * the port's TraceabilityError. Anything else is our own fault and passes through unchanged.
 */
export function toTraceabilityError(e: unknown): unknown {
  if (e instanceof TraceabilityError) return e;
  if (e instanceof UnreportableError) {
    return new TraceabilityError('refused', e.message, {
      system: METRC_NAME,
      stateCode: 'unmapped',
      details: e.problems.map((p) => ({ field: 'report', message: p })),
    });
  }
  const error = e instanceof MetrcError ? e : isAxiosLike(e) ? toMetrcError(e) : null;
  if (!error) return e;
  return new TraceabilityError(kindOf(error), error.message, {
    system: METRC_NAME,
    outcomeUnknown: error.outcomeUnknown,
    retryAfterMs: error.retryAfterMs,
    stateCode: error.httpStatus ? `HTTP ${error.httpStatus}` : error.code,
    details: error.details.map((d) => ({ field: d.row === null ? 'request' : `row ${d.row}`, message: d.message })),
  });
}

function kindOf(error: MetrcError): TraceabilityErrorKind {
  if (error.retryable) return 'transient';
  switch (error.code) {
    case 'not_found':
      return 'not_found';
    case 'conflict':
      return 'conflict';
    case 'validation':
      return ALREADY_HELD.test(error.message) ? 'duplicate' : 'refused';
    case 'unauthorized':
    case 'forbidden':
    case 'too_large':
    case 'rate_limited':
    case 'unavailable':
    case 'timeout':
    case 'connection':
    case 'unexpected':
      return 'refused';
    default:
      return assertUnreachable(error.code);
  }
}

function isAxiosLike(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { isAxiosError?: boolean }).isAxiosError === true;
}

/** A refusal of our own making, before anything was sent. */
export function refused(message: string): TraceabilityError {
  return new TraceabilityError('refused', message, { system: METRC_NAME });
}
