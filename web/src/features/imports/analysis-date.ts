/** Where an import's analysis date came from (the answer's meta.analysisDate). */
export interface AnalysisDateMeta {
  from: 'file' | 'form' | 'earlier_import' | 'upload';
  at: string;
  importId?: string;
}

/** The answer's meta.analysisDate, or null (a server that does not say). */
export function analysisDateOf(summary: object): AnalysisDateMeta | null {
  const meta = (summary as { meta?: unknown }).meta;
  if (!meta || typeof meta !== 'object') return null;
  const date = (meta as { analysisDate?: unknown }).analysisDate;
  if (!date || typeof date !== 'object') return null;
  const { from, at } = date as Partial<AnalysisDateMeta>;
  return typeof from === 'string' && typeof at === 'string' ? (date as AnalysisDateMeta) : null;
}

/**
 * Whether the import screen asks for the run's analysis date: the file states none and the rows would
 * be dated at the upload (or by a date given here, which stays editable). A file with its own date, or
 * sent again (its first import's date is kept), is not asked about.
 */
export function asksForAnalysisDate(summary: object): boolean {
  const date = analysisDateOf(summary);
  return date?.from === 'upload' || date?.from === 'form';
}

/** The upload's analysedAt field: the day typed, or nothing when the input is empty. */
export function analysedAtField(day: string): string | null {
  const trimmed = day.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : null;
}
