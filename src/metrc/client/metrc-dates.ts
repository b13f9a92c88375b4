import { wallClockToInstant } from '../../common/zoned-time';

/**
 * Metrc's own examples mix date formats (shared/metrc-ny-api.md §4): `2015-12-15T00:00:00Z`, date-only
 * `2014-11-29`, explicit offsets, no offset at all, seven-digit fractions and the .NET sentinel
 * `0001-01-01T00:00:00+00:00` meaning "none". A time without an offset is a wall-clock time in
 * `timeZone` (Metrc's own zone for the state, America/New_York for NY by default) [I: configurable].
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The instant as ISO 8601 UTC with milliseconds, or null for an empty value or the sentinel. */
export function parseMetrcDate(value: unknown, timeZone: string = 'UTC'): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi = '00', s = '00', fraction = '', zone] = m;
  if (Number(y) < 1900) return null;
  const millis = (fraction + '000').slice(0, 3);
  const wall = `${y}-${mo}-${d}T${h ?? '00'}:${mi}:${s}.${millis}`;
  // A date alone is a day, not an instant in a zone: midnight UTC of that day.
  if (!zone && (h === undefined || timeZone === 'UTC')) return valid(new Date(`${wall}Z`));
  if (!zone) return valid(new Date(wallClockToInstant(Date.parse(`${wall}Z`), timeZone)));
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return valid(new Date(`${wall}${offset}`));
}

function valid(at: Date): string | null {
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** What Metrc is sent: ISO 8601 with an explicit offset (UTC), to the second. */
export function metrcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A `ResultDate`: the lab's calendar day of `at` (in `timeZone`, the lab's clock) at UTC midnight, the form
 * Metrc's Record example shows (`…T00:00:00Z`); Metrc keeps it as the result's `TestPerformedDate (date)`.
 * Midnight UTC of the day, not the instant: an evening analysis in New York is already the next day in UTC.
 */
export function metrcResultDate(at: Date, timeZone: string): string {
  // en-CA writes year-month-day.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return `${day}T00:00:00Z`;
}
