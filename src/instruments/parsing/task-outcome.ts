import type { FieldError } from '../../common/domain-error';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';

/**
 * What a parsing task answers across the thread boundary: the value, or the InstrumentsError it
 * would have thrown, as plain data (an error's class does not survive structured clone).
 */
export type TaskOutcome<T> =
  { ok: true; value: T } | { ok: false; error: { code: InstrumentsErrorCode; message: string; details?: FieldError[] | Record<string, unknown> } };

/** In the thread: runs `work`, turning an InstrumentsError into an outcome; anything else propagates. */
export async function outcomeOf<T>(work: () => T | Promise<T>): Promise<TaskOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof InstrumentsError) {
      return { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: plain(error.details) } : {}) } };
    }
    throw error;
  }
}

/** On the API's side: the value, or the InstrumentsError again. */
export function valueOf<T>(outcome: TaskOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new InstrumentsError(outcome.error.code, outcome.error.message, outcome.error.details);
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
