/**
 * Refusals by PostgreSQL that mean something to a client, told apart from faults. The database's guards
 * (triggers refusing a change to a released sample, a frozen result, a decided QC flag, an append-only
 * record) raise SQLSTATE LTF01 (migration 1764000027800): reaching one means a code path tried to change
 * a frozen record. Privilege errors (42501, "permission denied for table …") are a deployment fault and
 * are not matched here. A deadlock or serialization failure rolled the transaction back: the client may try again.
 * The client gets a fixed message (and the request id): the guard's own words name tables, columns and
 * row ids, and its function name the schema, so both go to the log only.
 */

/** The SQLSTATE every guard trigger raises. */
export const GUARD_REFUSAL_SQLSTATE = 'LTF01';

/** What a client is told of a guard's refusal, whichever guard and record it was. */
export const RECORD_FROZEN_MESSAGE =
  'The database refused to change a record that is frozen or recorded once, and rolled the change back; this is a fault in LabTrace, quote the request id to support';

/** deadlock_detected and serialization_failure: the transaction was rolled back, nothing was saved. */
const CONCURRENCY_SQLSTATES = new Set(['40P01', '40001']);

export type DatabaseRefusalCode = 'RECORD_FROZEN' | 'CONCURRENT_CHANGE';

export interface DatabaseRefusal {
  statusCode: 409;
  error: DatabaseRefusalCode;
  message: string;
  /** The refusing trigger function, when PostgreSQL's context names it; for the log only. */
  guard: string | null;
  /** The database's own words (a guard's RAISE message); for the log only. */
  databaseMessage: string;
}

interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  where?: unknown;
  driverError?: unknown;
}

/** The pg error itself, or the one TypeORM's QueryFailedError wraps. */
function pgError(error: unknown): PgErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as PgErrorLike;
  if (typeof e.driverError === 'object' && e.driverError !== null) return e.driverError;
  return e;
}

/** "PL/pgSQL function refuse_released_sample_change() line 15 at RAISE" names the guard. */
function guardOf(where: unknown): string | null {
  if (typeof where !== 'string') return null;
  return /PL\/pgSQL function (?:[\w$]+\.)?([\w$]+)\(/.exec(where)?.[1] ?? null;
}

/** What to answer for a database error that is a guard's refusal or a lost concurrency race; null for anything else. */
export function databaseRefusal(error: unknown): DatabaseRefusal | null {
  const e = pgError(error);
  if (!e || typeof e.code !== 'string') return null;
  const databaseMessage = typeof e.message === 'string' ? e.message : '';
  if (e.code === GUARD_REFUSAL_SQLSTATE) {
    return { statusCode: 409, error: 'RECORD_FROZEN', message: RECORD_FROZEN_MESSAGE, guard: guardOf(e.where), databaseMessage };
  }
  if (CONCURRENCY_SQLSTATES.has(e.code)) {
    return {
      statusCode: 409,
      error: 'CONCURRENT_CHANGE',
      message: 'Another change to the same records ran at the same moment and the database rolled this one back; try again',
      guard: null,
      databaseMessage,
    };
  }
  return null;
}
