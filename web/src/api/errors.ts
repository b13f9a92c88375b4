import { humanizeMessage } from '../lib/display-names';
/** One field's complaint, with the path normalised to `groups[0].analytes[3].value`. */
export interface FieldError {
  field: string;
  message: string;
}

/** The API's error body ({ statusCode, error, message, details }) as an exception the screens can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly fieldErrors: FieldError[],
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** class-validator paths come as `groups.0.analytes.3.value`; the results service writes `groups[0].analytes[3].value`. */
export function normaliseFieldPath(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export function toApiError(status: number, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as { error?: unknown; message?: unknown; details?: unknown };
  const fieldErrors = Array.isArray(b.details)
    ? b.details
        .filter((d): d is FieldError => !!d && typeof d === 'object' && typeof (d as FieldError).field === 'string')
        .map((d) => ({ field: normaliseFieldPath(d.field), message: String(d.message) }))
    : [];
  const message = Array.isArray(b.message) ? b.message.join('; ') : typeof b.message === 'string' ? b.message : `The server answered ${status}`;
  return new ApiError(status, message, typeof b.error === 'string' ? b.error : String(status), fieldErrors, b.details);
}

/** The message a person reads: the API's own words, with internal group ids (foreign_matter) in words. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return humanizeMessage(e.message);
  if (e instanceof Error) return e.message === 'Failed to fetch' ? 'The server cannot be reached; check the connection and try again' : e.message;
  return String(e);
}
