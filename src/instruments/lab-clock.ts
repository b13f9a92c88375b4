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
  // The zone's offset at that wall time; taken again at the first guess so a day that changes offset (DST) lands right.
  const guess = wallAsUtc - offsetMs(wallAsUtc, timeZone);
  return new Date(wallAsUtc - offsetMs(guess, timeZone)).toISOString();
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (instant - (instant % 1000));
}
