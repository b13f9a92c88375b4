import { wallClockToInstant } from './zoned-time';

// The forms IsDateTimeInput accepts: a day, optionally a time (seconds and a fraction optional), optionally a zone.
const LAB_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant a date typed or sent for the lab names, read on the lab's clock `timeZone` (AppConfig
 * lab.timezone):
 * - a day alone, "2026-12-01", is the start of that day in the zone (not UTC midnight, which is the
 *   evening before in New York: the COA would print the day before and the lab code the month before);
 * - a date-time without a zone, "2026-12-05T02:00", is that wall-clock time in the zone (not the
 *   server's zone, which is UTC in the image);
 * - a date-time with "Z" or an offset is the instant it names.
 * The start of the day rather than noon: it is the first instant of the span an analysis-date check
 * accepts a day as, it is never after now for a day that passed the after-now check (today's noon can
 * be), and every reader prints stored dates' days in the lab's zone, so it prints as the day given.
 * The start of the day exists on every New York day (clocks change at 02:00). Another form is read as
 * `new Date(text)` reads it; a day or time off the calendar (30 February, 25:00) is an invalid Date.
 */
export function labDateInstant(text: string, timeZone: string): Date {
  const m = LAB_DATE.exec(text.trim());
  if (!m) return new Date(text);
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  // Milliseconds from the fraction's first three digits (truncated, as Date.parse does).
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, ms);
  const onCalendar =
    wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
  if (!onCalendar) return new Date(NaN);
  const zone = m[8];
  if (zone === undefined) return new Date(wallClockToInstant(wall.getTime(), timeZone));
  return new Date(wall.getTime() - offsetMs(zone));
}

/** "Z", "+05:30", "-0400" → how far that clock is ahead of UTC, in ms (NaN off the clock). */
function offsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4))];
  if (hours > 23 || minutes > 59) return NaN;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The lab's calendar day of an instant, "2026-12-04" (en-CA writes year-month-day); an unreadable date as it is. */
export function labDay(instant: string, timeZone: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}
