import { labDateInstant } from '../../common/lab-instant';
import { wallClockToInstant } from '../../common/zoned-time';

/**
 * How far an analysis date may lie outside [receipt, now] before it is called impossible. The lab's
 * instrument PCs and the server keep their own clocks, which drift apart by minutes; a few minutes'
 * difference is a clock, not a claim that the sample was tested before it arrived.
 */
export const ANALYSIS_CLOCK_TOLERANCE_MS = 15 * 60 * 1000;

/** A group being written, as far as its dates go (GroupEntry fits). */
export interface DatedGroup {
  group: string;
  analysedAt?: string | null;
  analytes: ReadonlyArray<{ analysedAt?: string | null }>;
}

/** What a date is checked against: the sample's receipt (none: not bounded below), now, and the zone a day is read in. */
export interface AnalysisDateBounds {
  receivedAt: Date | null;
  now: Date;
  /** The lab's zone (AppConfig lab.timezone): a date without a time is that calendar day there. */
  timeZone: string;
}

export interface ImpossibleAnalysisDate {
  /** The field path in the request body: `groups[0].analysedAt` or `groups[0].analytes[2].analysedAt` (an amendment's: `results[0]…`). */
  field: string;
  group: string;
  /** The date as given. */
  analysedAt: string;
  /** True when `analysedAt` is a calendar day without a time. */
  dayOnly: boolean;
  problem: 'before_receipt' | 'after_now';
  /** The instant it falls outside: the receipt or now. */
  bound: Date;
  /** The earliest (before_receipt: latest) instant the date can mean, for saying when it was. */
  at: Date;
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Each analysis date of `groups` (the group's and each row's) that cannot be true of the sample: one
 * before it was received or one after now, beyond ANALYSIS_CLOCK_TOLERANCE_MS. A date-time is the
 * instant it names (read as labDateInstant reads it, which is how it is stored: without a zone, on the
 * lab's wall clock); a date alone is the whole of that day in the lab's zone, so "2026-12-05" is not
 * before a receipt at 10:02 that day.
 * Dates that cannot be read are not judged here (the DTO or the parser refuses those).
 * `groupsKey` is the request body's key of the groups in the field paths ("groups"; an amendment's "results").
 */
export function impossibleAnalysisDates(groups: readonly DatedGroup[], bounds: AnalysisDateBounds, groupsKey = 'groups'): ImpossibleAnalysisDate[] {
  const found: ImpossibleAnalysisDate[] = [];
  const check = (value: string | null | undefined, field: string, group: string) => {
    if (!value) return;
    const span = lastSpan(value, bounds.timeZone);
    if (!span) return;
    const base = { field, group, analysedAt: value, dayOnly: span.dayOnly };
    if (span.from - ANALYSIS_CLOCK_TOLERANCE_MS > bounds.now.getTime())
      found.push({ ...base, problem: 'after_now', bound: bounds.now, at: new Date(span.from) });
    else if (bounds.receivedAt && span.to + ANALYSIS_CLOCK_TOLERANCE_MS < bounds.receivedAt.getTime())
      found.push({ ...base, problem: 'before_receipt', bound: bounds.receivedAt, at: new Date(span.dayOnly ? span.from : span.to) });
  };
  groups.forEach((g, gi) => {
    check(g.analysedAt, `${groupsKey}[${gi}].analysedAt`, g.group);
    g.analytes.forEach((row, ai) => check(row.analysedAt, `${groupsKey}[${gi}].analytes[${ai}].analysedAt`, g.group));
  });
  return found;
}

/** The message of a refused typed date, for the field error (the field path says which). */
export function refusedDateMessage(d: ImpossibleAnalysisDate): string {
  return d.problem === 'before_receipt'
    ? `analysedAt ${d.analysedAt} is before the sample was received (${d.bound.toISOString()})`
    : `analysedAt ${d.analysedAt} is in the future (it is now ${d.bound.toISOString()})`;
}

/**
 * One finding per analyte group for a file's impossible dates (a QC flag's message), e.g. "pesticides
 * analysed 2026-03-14 08:54 UTC per the file, before the sample was received 2026-12-05 10:02 UTC".
 * `source` says whose word the date is ("the file", "the COA"). Groups keep their first-found order.
 */
export function analysisDateFindings(found: readonly ImpossibleAnalysisDate[], source: string): Array<{ group: string; message: string }> {
  const byGroup = new Map<string, ImpossibleAnalysisDate[]>();
  for (const d of found) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d]);
  return [...byGroup].map(([group, dates]) => {
    // The most telling date of each kind: the earliest before receipt, the latest after now.
    const before = dates.filter((d) => d.problem === 'before_receipt').sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    const after = dates.filter((d) => d.problem === 'after_now').sort((a, b) => b.at.getTime() - a.at.getTime())[0];
    const parts = [
      before && `${group} analysed ${shown(before)} per ${source}, before the sample was received ${utcMinute(before.bound)}`,
      after && `${group} analysed ${shown(after)} per ${source}, after now (${utcMinute(after.bound)})`,
    ].filter((p): p is string => Boolean(p));
    return { group, message: parts.join('; ') };
  });
}

/** spanOf remembering its last answer: an import asks it of the file's one date for every sample it stores (the span is only read). */
let lastSpanOf: { value: string; timeZone: string; span: ReturnType<typeof spanOf> } | undefined;
function lastSpan(value: string, timeZone: string): ReturnType<typeof spanOf> {
  if (lastSpanOf?.value !== value || lastSpanOf.timeZone !== timeZone) lastSpanOf = { value, timeZone, span: spanOf(value, timeZone) };
  return lastSpanOf.span;
}

/** The instants a date can mean: a date-time one, a day from its start in `timeZone` to just before the next day's; null if unreadable. */
function spanOf(value: string, timeZone: string): { from: number; to: number; dayOnly: boolean } | null {
  const day = DAY_ONLY.exec(value.trim());
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const from = wallClockToInstant(Date.UTC(year, month, date), timeZone);
    const to = wallClockToInstant(Date.UTC(year, month, date + 1), timeZone) - 1;
    return Number.isFinite(from) && Number.isFinite(to) ? { from, to, dayOnly: true } : null;
  }
  // A date-time as withMethods stores it (labDateInstant): without a zone, on the lab's wall clock.
  const at = labDateInstant(value, timeZone).getTime();
  return Number.isFinite(at) ? { from: at, to: at, dayOnly: false } : null;
}

function shown(d: ImpossibleAnalysisDate): string {
  return d.dayOnly ? d.analysedAt.trim() : utcMinute(d.at);
}

/** "2026-03-14 08:54 UTC". */
function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
