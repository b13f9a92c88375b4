import { labDateInstant, labDay } from '../common/lab-instant';
import { impossibleAnalysisDates, refusedDateMessage } from '../results/entry/analysis-dates';
import { labInstant } from './lab-clock';

/** The upload's field that dates an undated file's rows. */
export const UPLOAD_ANALYSED_AT_FIELD = 'analysedAt';

/**
 * Where an import's analysis date came from: the file's own date, the upload's `analysedAt`, an
 * earlier import of the same bytes (a re-import keeps its date), or the upload instant (nothing said).
 */
export type AnalysisDateSource = 'file' | 'form' | 'earlier_import' | 'upload';

/** The run's record of its analysis date (meta.analysisDate). */
export interface AnalysisDate {
  from: AnalysisDateSource;
  /** The instant (UTC ISO) the rows are dated with. */
  at: string;
  /** from earlier_import: that import's id. */
  importId?: string;
}

/** An earlier import of the same bytes, as far as its date goes. */
export interface EarlierImportDate {
  id: string;
  createdAt: Date;
  meta: Record<string, unknown>;
}

/** What is wrong with the upload's analysedAt, as a field error; null when it stands. */
export type AnalysedAtProblem = { field: typeof UPLOAD_ANALYSED_AT_FIELD; message: string } | null;

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function problem(message: string): AnalysedAtProblem {
  return { field: UPLOAD_ANALYSED_AT_FIELD, message };
}

/**
 * The upload's analysedAt alone, before the file is read: readable (a day or a date-time on the lab's
 * clock, as labDateInstant reads it) and not in the future (beyond the clock tolerance hand entry has).
 */
export function analysedAtFieldProblem(text: string, clock: { timeZone: string; now: Date }): AnalysedAtProblem {
  if (Number.isNaN(labDateInstant(text, clock.timeZone).getTime())) return problem(`${UPLOAD_ANALYSED_AT_FIELD} must be a day (2026-12-01) or a date-time`);
  const [future] = impossibleAnalysisDates([{ group: '', analysedAt: text, analytes: [] }], { receivedAt: null, now: clock.now, timeZone: clock.timeZone });
  return future ? problem(refusedDateMessage(future)) : null;
}

/** The upload's analysedAt as stored: the instant labDateInstant reads (a day: its start on the lab's clock). */
export function analysedAtChoice(text: string, timeZone: string): string {
  return labDateInstant(text, timeZone).toISOString();
}

/**
 * The date the rows of an import are given, and where it came from: the file's own; else the upload's
 * analysedAt; else the date an earlier import of the same bytes gave them (a re-import must not move
 * the analysis forward: the latest that had a date given by the upload, else the first); else the
 * upload instant `now` (the answer warns). A file with its own date and another analysedAt is refused
 * on the field: two dates for one run, and the file is the record.
 */
export function importAnalysisDate(
  fileDate: string | undefined,
  formText: string | undefined,
  earlier: readonly EarlierImportDate[],
  clock: { timeZone: string; now: Date },
): AnalysisDate | { problem: NonNullable<AnalysedAtProblem> } {
  const fromFile = labInstant(fileDate, clock.timeZone);
  if (fromFile) {
    if (formText !== undefined && !sameDate(fromFile, formText, clock.timeZone))
      return {
        problem: problem(
          `the file states its own analysis date (${fileDate!.trim()}); ${UPLOAD_ANALYSED_AT_FIELD} ${formText} differs: send it without ${UPLOAD_ANALYSED_AT_FIELD}`,
        )!,
      };
    return { from: 'file', at: fromFile };
  }
  if (formText !== undefined) return { from: 'form', at: analysedAtChoice(formText, clock.timeZone) };
  const byForm = [...earlier].reverse().find((run) => recorded(run)?.from === 'form');
  const first = byForm ?? earlier[0];
  if (first) return { from: 'earlier_import', at: recorded(first)?.at ?? first.createdAt.toISOString(), importId: first.id };
  return { from: 'upload', at: clock.now.toISOString() };
}

/** The upload's analysedAt against each sample the import stores into: none may be before its receipt (less the clock tolerance). */
export function analysedAtBeforeReceipt(
  formText: string,
  samples: ReadonlyArray<{ labCode: string | null; sampleInventoryId: string; receivedAt: Date | null }>,
  clock: { timeZone: string; now: Date },
): AnalysedAtProblem {
  for (const s of samples) {
    const [found] = impossibleAnalysisDates([{ group: '', analysedAt: formText, analytes: [] }], {
      receivedAt: s.receivedAt,
      now: clock.now,
      timeZone: clock.timeZone,
    });
    if (found?.problem === 'before_receipt') return problem(`${s.labCode ?? s.sampleInventoryId}: ${refusedDateMessage(found)}`);
  }
  return null;
}

/** What the answer says about a date the file did not state; nothing when it did. */
export function analysisDateWarning(date: AnalysisDate, timeZone: string): string | null {
  const day = labDay(date.at, timeZone);
  switch (date.from) {
    case 'file':
      return null;
    case 'form':
      return `the file states no analysis date; rows are dated ${day}, as the upload's ${UPLOAD_ANALYSED_AT_FIELD} says`;
    case 'earlier_import':
      return `the file states no analysis date; rows keep the date of its earlier import ${date.importId}, ${day}`;
    case 'upload':
      return `the file states no analysis date; rows are dated at the upload, ${day}; send ${UPLOAD_ANALYSED_AT_FIELD} with the day the run was analysed`;
  }
}

/** How the results' audit reason names the date and where it came from, whatever its source. */
export function analysisDateAuditText(date: AnalysisDate, timeZone: string): string {
  const day = labDay(date.at, timeZone);
  switch (date.from) {
    case 'file':
      return `analysed ${day}, as the file states`;
    case 'form':
      return `analysed ${day}, given by the upload`;
    case 'earlier_import':
      return `analysed ${day}, the date of its earlier import ${date.importId ?? ''}`.trimEnd();
    case 'upload':
      return `dated at the upload ${day}: the file states no analysis date`;
  }
}

function recorded(run: EarlierImportDate): AnalysisDate | undefined {
  const date = run.meta.analysisDate as AnalysisDate | undefined;
  return date && typeof date.at === 'string' && typeof date.from === 'string' ? date : undefined;
}

/** A day names the file's date when the file's instant falls on it (lab clock); a date-time when it is the same instant. */
function sameDate(fileInstant: string, formText: string, timeZone: string): boolean {
  if (DAY_ONLY.test(formText.trim())) return labDay(fileInstant, timeZone) === formText.trim();
  return labDateInstant(formText, timeZone).getTime() === new Date(fileInstant).getTime();
}
