/** The state's error codes of the working NY-API contract, plus our own for transport failures. */
export type BiotrackErrorCode =
  | 'unauthorized'
  | 'session_expired'
  | 'forbidden'
  | 'not_found'
  | 'duplicate'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'connection'
  | 'unexpected';

export interface BiotrackErrorDetail {
  field: string;
  message: string;
}

/**
 * A failed NY-API call. `retryable` says whether the same request may succeed later; `outcomeUnknown`
 * says the request may have been applied by the state even though we saw no answer (a timeout or a
 * dropped connection after sending), so a write must be looked up before it is sent again.
 */
export interface BiotrackErrorFacts {
  httpStatus?: number | null;
  details?: BiotrackErrorDetail[];
  retryAfterMs?: number | null;
  /** The request left this process and may have been applied though no answer came back. */
  outcomeUnknown?: boolean;
  body?: Record<string, unknown> | null;
}

/**
 * A failed NY-API call. `retryable` says whether the same request may succeed later; `outcomeUnknown`
 * says the state may have applied the request although we saw no answer (a timeout, or a connection
 * dropped after sending), so a write must be looked up before it is sent again.
 */
export class BiotrackError extends Error {
  readonly httpStatus: number | null;
  readonly details: BiotrackErrorDetail[];
  readonly retryAfterMs: number | null;
  readonly outcomeUnknown: boolean;
  readonly body: Record<string, unknown> | null;

  constructor(
    readonly stateCode: BiotrackErrorCode,
    message: string,
    facts: BiotrackErrorFacts = {},
  ) {
    super(message);
    this.name = 'BiotrackError';
    this.httpStatus = facts.httpStatus ?? null;
    this.details = facts.details ?? [];
    this.retryAfterMs = facts.retryAfterMs ?? null;
    this.outcomeUnknown = facts.outcomeUnknown ?? false;
    this.body = facts.body ?? null;
  }

  /** An answer is retryable only as 429 or 5xx, whatever its body says; no answer at all always is. */
  get retryable(): boolean {
    if (this.httpStatus !== null) return this.httpStatus === 429 || this.httpStatus >= 500;
    return ['rate_limited', 'unavailable', 'timeout', 'connection'].includes(this.stateCode);
  }

  /** The state's message with its field details, as a person should read it. */
  describe(): string {
    if (this.details.length === 0) return this.message;
    return `${this.message} (${this.details.map((d) => `${d.field}: ${d.message}`).join('; ')})`;
  }
}
