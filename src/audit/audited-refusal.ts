import type { UnitOfWork } from '../database/unit-of-work';
import type { AuditRecord, AuditService } from './audit.service';

/**
 * Refusals that are kept in the audit trail although the act's transaction rolls back: a four-eyes
 * refusal after a correct signature (or of a QC flag's resolution, of an admin deciding their own
 * approval request or one about themselves, of an admin changing their own role) is a deliberate,
 * authenticated attempt, kept like `signature.refused`. Every attempt is a row of its own: the trail is
 * append-only (its trigger refuses UPDATE), so repeats cannot be counted on an earlier row.
 */
export type RefusalAction = 'release.refused' | 'amendment.refused' | 'qc_flag.refused' | 'approval.refused' | 'user.refused';

export interface RefusalRecord extends AuditRecord {
  action: RefusalAction;
}

const pending = new WeakMap<Error, RefusalRecord>();

/** Marks a refusal for the audit trail; `runAuditingRefusals` writes it once the act's transaction has rolled back. */
export function auditedRefusal<E extends Error>(error: E, record: RefusalRecord): E {
  pending.set(error, record);
  return error;
}

/**
 * `work` in a transaction (joining one already open, as `UnitOfWork.run` does). A refusal it threw through
 * `auditedRefusal` is recorded in a transaction of its own, then thrown as it was: the answer is unchanged.
 */
export async function runAuditingRefusals<T>(uow: UnitOfWork, audit: AuditService, work: () => Promise<T>): Promise<T> {
  try {
    return await uow.run(work);
  } catch (error) {
    const record = error instanceof Error ? pending.get(error) : undefined;
    if (record) {
      pending.delete(error as Error);
      await uow.run(() => audit.record(record));
    }
    throw error;
  }
}
