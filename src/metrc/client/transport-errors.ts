import { AxiosError } from 'axios';
import { MetrcError, MetrcErrorCode, MetrcErrorDetail } from './metrc.error';
import { parseRetryAfter } from './retry-policy';

// Failures before anything reached Metrc: the request certainly was not applied.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Turns whatever axios threw into a MetrcError. Metrc answers errors in three shapes (an array of
 * `{row, message}`, an object `{Message}`, or plain text, e.g. some 401s); all three are read. A 5xx
 * on a write leaves its outcome unknown: Metrc may have stored it before failing.
 */
export function toMetrcError(e: unknown, method = 'GET'): MetrcError {
  if (e instanceof MetrcError) return e;
  const err = e as AxiosError<unknown>;
  if (err?.response) {
    const status = err.response.status;
    const { message, details } = readBody(err.response.data, status);
    const retryAfter = status === 429 || status === 503 ? parseRetryAfter(err.response.headers?.['retry-after']) : null;
    const write = method.toUpperCase() !== 'GET';
    return new MetrcError(codeOf(status), message, { httpStatus: status, details, retryAfterMs: retryAfter, outcomeUnknown: write && status >= 500 });
  }
  const sysCode = err?.code ?? '';
  if (sysCode === 'ECONNABORTED' || sysCode === 'ETIMEDOUT' || err?.name === 'CanceledError') {
    return new MetrcError('timeout', `no answer from Metrc within the timeout (${err?.message ?? sysCode})`, { outcomeUnknown: true });
  }
  return new MetrcError('connection', `connection to Metrc failed: ${err?.message ?? String(e)}`, { outcomeUnknown: !NOT_SENT.has(sysCode) });
}

function readBody(data: unknown, status: number): { message: string; details: MetrcErrorDetail[] } {
  const parsed = typeof data === 'string' ? tryJson(data) : data;
  if (Array.isArray(parsed)) {
    const details = parsed.map(rowError).filter((d): d is MetrcErrorDetail => d !== null);
    if (details.length > 0) return { message: details.map(describeDetail).join('; '), details };
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const o = parsed as Record<string, unknown>;
    const text = o.Message ?? o.message;
    if (typeof text === 'string' && text.trim()) return { message: text.trim(), details: [] };
  }
  if (typeof parsed === 'string' && parsed.trim()) return { message: parsed.trim().slice(0, 500), details: [] };
  return { message: `HTTP ${status}`, details: [] };
}

function rowError(item: unknown): MetrcErrorDetail | null {
  if (typeof item === 'string') return { row: null, message: item };
  if (!item || typeof item !== 'object') return null;
  const o = item as Record<string, unknown>;
  const message = o.message ?? o.Message;
  if (typeof message !== 'string') return null;
  const row = o.row ?? o.Row;
  return { row: typeof row === 'number' ? row : null, message };
}

export function describeDetail(d: MetrcErrorDetail): string {
  return d.row === null ? d.message : `row ${d.row}: ${d.message}`;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function codeOf(status: number): MetrcErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'validation';
  return 'unexpected';
}
