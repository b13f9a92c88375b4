import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { databaseRefusal, GUARD_REFUSAL_SQLSTATE, RECORD_FROZEN_MESSAGE } from './database-refusal';

/** A pg error as the driver raises it, with the fields PostgreSQL sends. */
function pgError(code: string, message: string, where?: string): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { code, where });
}

const FROZEN = 'sample LT-2612-000042 is released: its certificate rests on lab_code, panel (UPDATE refused)';
const WHERE = 'PL/pgSQL function refuse_released_sample_change() line 15 at RAISE';

describe('databaseRefusal', () => {
  it('answers a guard trigger’s refusal, wrapped by TypeORM, with 409 RECORD_FROZEN and a fixed message; the guard and its words are kept for the log', () => {
    const error = new QueryFailedError('UPDATE "samples" SET …', [], pgError(GUARD_REFUSAL_SQLSTATE, FROZEN, WHERE));
    const refusal = databaseRefusal(error);
    expect(refusal).toEqual({
      statusCode: 409,
      error: 'RECORD_FROZEN',
      message: RECORD_FROZEN_MESSAGE,
      guard: 'refuse_released_sample_change',
      databaseMessage: FROZEN,
    });
    // Nothing of the schema or the record reaches the client's message.
    for (const internal of ['refuse_released_sample_change', 'LT-2612-000042', 'lab_code', 'UPDATE']) expect(refusal!.message).not.toContain(internal);
  });

  it('reads the bare driver error too, and a schema-qualified function; without a context it names no guard', () => {
    const resolved = 'QC flag 5c0e… was resolved at 2026-12-05 10:00:00+00; a resolution is recorded once (DELETE refused)';
    expect(databaseRefusal(pgError('LTF01', resolved, 'PL/pgSQL function public.qc_flags_resolve_once() line 4 at RAISE'))).toMatchObject({
      error: 'RECORD_FROZEN',
      guard: 'qc_flags_resolve_once',
      databaseMessage: resolved,
    });
    const bare = databaseRefusal(pgError('LTF01', 'audit_events is append-only (UPDATE refused)'));
    expect(bare).toEqual({
      statusCode: 409,
      error: 'RECORD_FROZEN',
      message: RECORD_FROZEN_MESSAGE,
      guard: null,
      databaseMessage: 'audit_events is append-only (UPDATE refused)',
    });
  });

  it('leaves privilege errors (42501, a deployment fault) and every other database error to the 500 path', () => {
    for (const [code, message] of [
      ['42501', 'permission denied for table samples'],
      ['42501', 'sample LT-1 is released: its certificate rests on status (UPDATE refused)'],
      ['23505', 'duplicate key value violates unique constraint "users_email_key"'],
      ['P0001', 'something raised'],
      ['23503', 'analyte_results.method_id names a row of methods that does not exist'],
    ]) {
      expect([code, databaseRefusal(new QueryFailedError('q', [], pgError(code, message)))]).toEqual([code, null]);
    }
    expect(databaseRefusal(new Error('LTF01'))).toBeNull();
    expect(databaseRefusal(Object.assign(new Error('x'), { code: 42501 }))).toBeNull();
    expect(databaseRefusal(undefined)).toBeNull();
    expect(databaseRefusal('LTF01')).toBeNull();
  });

  it('answers a deadlock or serialization failure (rolled back) with 409 CONCURRENT_CHANGE', () => {
    for (const code of ['40P01', '40001']) {
      expect(databaseRefusal(new QueryFailedError('q', [], pgError(code, 'deadlock detected')))).toEqual({
        statusCode: 409,
        error: 'CONCURRENT_CHANGE',
        message: 'Another change to the same records ran at the same moment and the database rolled this one back; try again',
        guard: null,
        databaseMessage: 'deadlock detected',
      });
    }
  });
});
