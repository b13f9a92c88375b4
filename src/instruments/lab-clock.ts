import { wallClockToInstant } from '../common/zoned-time';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;

/**
 * An instant (UTC ISO) from a date or date-time as an instrument or a COA prints it. Instrument clocks
 * and COAs carry no zone: they read the lab's wall clock, so "2026-03-14T01:30:00" is 01:30 in the
 * lab's zone, not in the server's. A date alone is the start of that day in the lab's zone, so it
 * prints as that same day. A value with its own zone keeps it; anything unreadable is null.
 */
export function labInstant(value: string | null | undefined, timeZone: string): string | null {
  if (!value) return null;
  const local = LOCAL.exec(value.trim());
  if (!local) {
    const zoned = Date.parse(value);
    return Number.isNaN(zoned) ? null : new Date(zoned).toISOString();
  }
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = local;
  const wallAsUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(wallAsUtc) || new Date(wallAsUtc).getUTCDate() !== Number(day)) return null;
  return new Date(wallClockToInstant(wallAsUtc, timeZone)).toISOString();
}
