import { matchedRowCount, type CoaImportSummary, type InstrumentImportSummary } from '../../api/imports';

export type PreviewSummary = { kind: 'instrument'; data: InstrumentImportSummary } | { kind: 'coa'; data: CoaImportSummary };

/**
 * Why *Store results* cannot store anything for the preview on screen, or null when it can: said next
 * to the disabled button, so nobody clicks to learn that 0 rows went in.
 */
export function storeBlocker(summary: PreviewSummary | null): string | null {
  if (!summary) return 'Preview a file first.';
  if (!summary.data.dryRun) return 'These results are stored; drop the next file to import it.';
  if (summary.data.duplicate) return 'This file was imported before; storing it again would store nothing.';
  if (summary.kind === 'coa') {
    if (!summary.data.sampleId) return 'Nothing would be stored: the COA names none of our samples; choose the sample it is for above.';
    if (summary.data.accepted === 0) return 'Nothing would be stored: no row of this COA was accepted (see the rows below).';
    return null;
  }
  const rows = matchedRowCount(summary.data);
  if (rows > 0) return null;
  const { unmatched, qcVerdicts } = summary.data;
  const why: string[] = [];
  if (unmatched.length) why.push(`${unmatched.length} ${unmatched.length === 1 ? 'row was' : 'rows were'} not matched (reasons below)`);
  if (qcVerdicts.length) why.push(`${qcVerdicts.length} QC ${qcVerdicts.length === 1 ? 'row is' : 'rows are'} judged, not stored`);
  return `Nothing would be stored: no row matches a sample that takes results${why.length ? `; ${why.join(', ')}` : ''}.`;
}
