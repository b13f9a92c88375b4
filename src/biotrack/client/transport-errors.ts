import { AxiosError } from 'axios';
import { BiotrackError, BiotrackErrorCode, BiotrackErrorDetail } from './biotrack.error';
import { parseRetryAfter } from './retry-policy';

const STATE_CODES: BiotrackErrorCode[] = [
  'unauthorized',
  'session_expired',
  'forbidden',
  'not_found',
  'duplicate',
  'conflict',
  'validation',
  'rate_limited',
  'unavailable',
];

// Failures before anything reached the state: the request certainly was not applied.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Turns whatever axios threw into a BiotrackError that says what the caller may do next. */
export function toBiotrackError(e: unknown): BiotrackError {
  if (e instanceof BiotrackError) return e;
  const err = e as AxiosError<Record<string, unknown>>;
  if (err?.response) {
    const status = err.response.status;
    const body = typeof err.response.data === 'object' && err.response.data !== null ? err.response.data : {};
    const code = STATE_CODES.includes(body.error as BiotrackErrorCode) ? (body.error as BiotrackErrorCode) : fallbackCode(status);
    const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
    const details = Array.isArray(body.details) ? (body.details as BiotrackErrorDetail[]) : [];
    const retryAfter = parseRetryAfter(err.response.headers?.['retry-after'] as string | undefined);
    return new BiotrackError(code, message, { httpStatus: status, details, retryAfterMs: status === 429 || status === 503 ? retryAfter : null, body });
  }
  const sysCode = err?.code ?? '';
  if (sysCode === 'ECONNABORTED' || sysCode === 'ETIMEDOUT' || err?.name === 'CanceledError') {
    return new BiotrackError('timeout', `no answer from BioTrack within the timeout (${err?.message ?? sysCode})`, { outcomeUnknown: true });
  }
  const sent = !NOT_SENT.has(sysCode);
  return new BiotrackError('connection', `connection to BioTrack failed: ${err?.message ?? String(e)}`, { outcomeUnknown: sent });
}

function fallbackCode(status: number): BiotrackErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'validation';
  return 'unexpected';
}
