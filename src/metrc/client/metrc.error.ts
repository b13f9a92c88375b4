/** What a failed Metrc call means, read from its HTTP status (Metrc's bodies carry no error codes). */
export type MetrcErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'connection'
  | 'unexpected';

/** One complaint of Metrc's: `row` is the 0-based index into the request array, when it gave one. */
export interface MetrcErrorDetail {
  row: number | null;
  message: string;
}

export interface MetrcErrorFacts {
  httpStatus?: number | null;
  details?: MetrcErrorDetail[];
  retryAfterMs?: number | null;
  /** The request left this process and Metrc may have applied it though no usable answer came back. */
  outcomeUnknown?: boolean;
}

/**
 * A failed Metrc call. `retryable` says whether the same request may succeed later; `outcomeUnknown`
 * says a write may have been stored although we saw no answer, so it must be read back before any
 * second attempt (Metrc has no idempotency keys).
 */
export class MetrcError extends Error {
  readonly httpStatus: number | null;
  readonly details: MetrcErrorDetail[];
  readonly retryAfterMs: number | null;
  readonly outcomeUnknown: boolean;

  constructor(
    readonly code: MetrcErrorCode,
    message: string,
    facts: MetrcErrorFacts = {},
  ) {
    super(message);
    this.name = 'MetrcError';
    this.httpStatus = facts.httpStatus ?? null;
    this.details = facts.details ?? [];
    this.retryAfterMs = facts.retryAfterMs ?? null;
    this.outcomeUnknown = facts.outcomeUnknown ?? false;
  }

  get retryable(): boolean {
    if (this.httpStatus !== null) return this.httpStatus === 429 || this.httpStatus >= 500;
    return this.code === 'timeout' || this.code === 'connection';
  }
}
