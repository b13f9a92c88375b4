import { UnitOfWork } from './unit-of-work';

/**
 * Advisory-lock keys of periodic work that must run in one worker at a time, whatever the number of
 * workers (one per database: two labs on one server do not exclude each other).
 */
export const ADVISORY_LOCKS = {
  deliverySweeper: '7120024001',
} as const;

/**
 * Takes a transaction-scoped advisory lock, or answers false at once when another session holds it.
 * Call inside `uow.run`: the lock ends with the transaction, so it works through PgBouncer in
 * transaction mode (a session-level lock would not: the next statement may run on another server
 * connection) and is never left behind by a crashed worker.
 */
export async function tryTransactionLock(uow: UnitOfWork, key: string): Promise<boolean> {
  if (!uow.inTransaction) throw new Error('a transaction-scoped advisory lock needs an open transaction');
  const [row] = await uow.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, [key]);
  return row.locked;
}
