/** A row written by hand entry or an amendment that the import changes (the answer's replacesHandRows). */
export interface HandRowChange {
  sampleId: string;
  labCode: string | null;
  group: string;
  analyte: string;
  changedBy: string;
  before: string;
  after: string;
}

/** The answer's replacesHandRows, or none (a server that does not say). */
export function handRowsOf(summary: object): HandRowChange[] {
  const rows = (summary as { replacesHandRows?: unknown }).replacesHandRows;
  return Array.isArray(rows) ? (rows as HandRowChange[]) : [];
}

/** The upload's reason field: the text typed, or nothing when it is blank (the API takes blank as no reason). */
export function reasonField(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** Why *Store results* waits for a reason, or null: a preview changing rows written by hand needs one (else the API answers 400 REASON_REQUIRED). */
export function reasonBlocker(summary: { dryRun: boolean; replacesHandRows?: unknown }, reason: string): string | null {
  const rows = handRowsOf(summary);
  if (!summary.dryRun || rows.length === 0 || reasonField(reason)) return null;
  return `This file changes ${rows.length} result${rows.length === 1 ? '' : 's'} written by hand or by an amendment; say why under Reason to store it.`;
}
