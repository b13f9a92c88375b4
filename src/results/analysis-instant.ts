import { labDateInstant } from '../common/lab-instant';

/**
 * The instant stored for an analysis date as it was given (typed, or an amendment's), read on the lab's
 * clock `timeZone` (AppConfig lab.timezone) as labDateInstant reads receipt and collection dates: a
 * calendar day alone, "2026-03-05", is the start of that day in the zone (not UTC midnight, which is the
 * evening before in New York and printed the day before on the COA); a date-time without a zone is that
 * wall-clock time there; one with "Z" or an offset is the instant it names. impossibleAnalysisDates
 * judges the text the same way.
 *
 * The start of the day rather than noon: it is the `from` of the span impossibleAnalysisDates accepts a
 * day as, and what labInstant stores for an instrument's or a COA's day-only date, so one day is one
 * instant whichever way it came in; and it is never after now for a day that passed the after-now check
 * (today's noon can be). Every reader of a stored analysis date prints its day in the lab's zone (COA
 * displayDay, the results view in the console), so the start of the day prints as the day given.
 * An unreadable text is an invalid Date.
 */
export function analysisInstant(text: string, timeZone: string): Date {
  return labDateInstant(text, timeZone);
}
