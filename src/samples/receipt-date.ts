/**
 * How far a typed receipt time may lie outside what the lab can vouch for before it is judged. The
 * same 15 minutes as ANALYSIS_CLOCK_TOLERANCE_MS (results/entry/analysis-dates.ts, which samples may
 * not import): bench clocks and the server drift apart by minutes, and that is a clock, not a claim.
 */
export const RECEIPT_CLOCK_TOLERANCE_MS = 15 * 60 * 1000;

/** A receipt stamped ahead of the server by more than this is in the future (the long-standing check). */
export const RECEIPT_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** What a typed receipt time is checked against. */
export interface ReceiptDateBounds {
  /** The sample's own record: when the lab was first told of it (announcement or state sync). */
  recordedAt: Date;
  /**
   * The date of the state manifest the sample came on, when the lab holds one: the sample can arrive on
   * the manifest before the lab records it, so an earlier manifest date is the bound instead.
   */
  manifestAt: Date | null;
  now: Date;
}

/**
 * - `in_future`: after now (beyond the skew).
 * - `before_known`: before the lab could have had the sample (`bound` is the earliest instant accepted).
 * - `after_the_fact`: a true past receipt entered later than it happened; it needs a reason.
 * - `current`: within the tolerance of now.
 */
export type ReceiptTiming = { kind: 'in_future' } | { kind: 'before_known'; knownSince: Date; bound: Date } | { kind: 'after_the_fact' } | { kind: 'current' };

/** The earliest instant the lab could have the sample in hand: its own record, or its manifest's when that is earlier. */
export function knownSince(bounds: Pick<ReceiptDateBounds, 'recordedAt' | 'manifestAt'>): Date {
  const { recordedAt, manifestAt } = bounds;
  return manifestAt && manifestAt.getTime() < recordedAt.getTime() ? manifestAt : recordedAt;
}

/** Judges a receipt time the user typed. */
export function receiptTiming(receivedAt: Date, bounds: ReceiptDateBounds): ReceiptTiming {
  const at = receivedAt.getTime();
  const now = bounds.now.getTime();
  if (at > now + RECEIPT_FUTURE_SKEW_MS) return { kind: 'in_future' };
  const since = knownSince(bounds);
  const bound = new Date(since.getTime() - RECEIPT_CLOCK_TOLERANCE_MS);
  if (at < bound.getTime()) return { kind: 'before_known', knownSince: since, bound };
  if (at < now - RECEIPT_CLOCK_TOLERANCE_MS) return { kind: 'after_the_fact' };
  return { kind: 'current' };
}
