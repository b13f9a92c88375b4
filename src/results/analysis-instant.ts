import { wallClockToInstant } from '../common/zoned-time';

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant stored for an analysis date as it was given (typed, or an amendment's). A date-time is
 * the instant it names, read as Date.parse reads it (as impossibleAnalysisDates judges it). A calendar
 * day alone, "2026-03-05", is the start of that day in the lab's zone `timeZone` (AppConfig lab.timezone),
 * not UTC midnight, which is the evening before in New York and printed the day before on the COA.
 *
 * The start of the day rather than noon: it is the `from` of the span impossibleAnalysisDates accepts a
 * day as, and what labInstant stores for an instrument's or a COA's day-only date, so one day is one
 * instant whichever way it came in; and it is never after now for a day that passed the after-now check
 * (today's noon can be). Every reader of a stored analysis date prints its day in the lab's zone (COA
 * displayDay, the results view in the console), so the start of the day prints as the day given; and
 * New York changes its clocks at 02:00, so midnight exists on every day, DST changes included.
 * An unreadable text is an invalid Date, as `new Date(text)` gives.
 */
export function analysisInstant(text: string, timeZone: string): Date {
  const day = DAY_ONLY.exec(text.trim());
  if (!day) return new Date(text);
  return new Date(wallClockToInstant(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])), timeZone));
}
