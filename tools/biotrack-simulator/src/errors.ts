/** The NY-API error vocabulary, as the contract fixes it. */
export type ErrorCode =
  'unauthorized' | 'session_expired' | 'forbidden' | 'not_found' | 'duplicate' | 'conflict' | 'validation' | 'rate_limited' | 'unavailable';

export interface FieldIssue {
  field: string;
  message: string;
}

/** Thrown anywhere in a handler; the server turns it into `{ error, message, details? }`. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldIssue[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}), ...this.extra };
  }
}

export const notFound = (what: string) => new SimError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new SimError(409, 'conflict', message);
export const invalid = (details: FieldIssue[]) =>
  new SimError(422, 'validation', `${details.length} field${details.length === 1 ? '' : 's'} invalid: ${details.map((d) => d.field).join(', ')}`, details);
export const rateLimited = (retryAfterSeconds: number) =>
  new SimError(429, 'rate_limited', `rate limit exceeded; retry after ${retryAfterSeconds}s`, undefined, {}, { 'Retry-After': String(retryAfterSeconds) });
