import { DatabaseError } from 'pg';

/** The PostgreSQL error a statement was refused with; fails the test when the statement goes through. */
export async function pgRefusal(run: () => Promise<unknown>, what = 'the statement'): Promise<DatabaseError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof DatabaseError) return e;
    throw e;
  }
  throw new Error(`expected ${what} to be refused`);
}
