/**
 * Telling "the database went away" from a bug: the errors pg and TypeORM raise when PostgreSQL is
 * stopped, restarting, unreachable or out of connections. The HTTP filter answers these with 503 and
 * Retry-After instead of 500, so a client knows to come back rather than report a fault.
 */

/** How long a client is told to wait: PostgreSQL restarts in seconds, and the pool reconnects on its own. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly';

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going or not there yet: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg and pg-pool raise these without a code when a connection dies or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Client was closed/,
  /^Cannot use a pool after calling end on the pool$/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  isAxiosError?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * True when `error` (or the driver error TypeORM wraps, or one of an AggregateError's attempts) says
 * the database cannot be reached. HTTP client errors (axios) with the same socket codes are not ours.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 3 || typeof error !== 'object' || error === null) return false;
  const e = error as ErrorLike;
  if (e.isAxiosError === true) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
  if (e.driverError && isDatabaseUnavailable(e.driverError, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isDatabaseUnavailable(inner, depth + 1));
}
