import type { TransferOrigin } from './entities/sample-transfer.entity';

/**
 * Whether a product was made with a solvent extract decides whether an infused product's panel has
 * residual solvents. The announcement says it (a state-synced sample cannot: the manifest does not
 * carry it), and the receiving technician confirms or changes it. The `received` custody event keeps
 * this record under SOLVENT_EXTRACTED_DETAIL, so the COA can say on whose word the group was left out.
 */
export const SOLVENT_EXTRACTED_DETAIL = 'solventExtracted';

export interface SolventExtractedRecord {
  /** What the sample is taken to be from receipt on. */
  value: boolean;
  /** What the sample held before receipt (false when nothing was said). */
  announced: boolean;
  /** The receiving technician gave a value (the same or another); false: the announcement stands unconfirmed. */
  confirmedAtReceipt: boolean;
  /** Where the announced value came from (null: the transfer was not found). */
  announcedBy: TransferOrigin | null;
}

/** The value at receipt: the technician's when given, else the announcement's. */
export function solventExtractedAtReceipt(announced: boolean, typed: boolean | undefined, announcedBy: TransferOrigin | null): SolventExtractedRecord {
  return { value: typed ?? announced, announced, confirmedAtReceipt: typed !== undefined, announcedBy };
}

/** A technician's value other than the announced one changes the panel: it needs a reason. */
export function changesAnnouncement(r: SolventExtractedRecord): boolean {
  return r.value !== r.announced;
}

const ORIGINS: readonly TransferOrigin[] = ['state_sync', 'licensee_api', 'retest'];

/** The record kept with a `received` custody event; null for receipts made before it was kept. */
export function solventExtractedIn(details: Record<string, unknown> | null | undefined): SolventExtractedRecord | null {
  const r = details?.[SOLVENT_EXTRACTED_DETAIL] as Partial<SolventExtractedRecord> | undefined;
  if (!r || typeof r.value !== 'boolean' || typeof r.announced !== 'boolean' || typeof r.confirmedAtReceipt !== 'boolean') return null;
  const announcedBy = ORIGINS.find((o) => o === r.announcedBy) ?? null;
  if (announcedBy === null && r.announcedBy !== null) return null;
  return { value: r.value, announced: r.announced, confirmedAtReceipt: r.confirmedAtReceipt, announcedBy };
}
