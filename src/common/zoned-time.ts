import { memoByString } from './string-memo';

/**
 * The instant (ms since the epoch) at which the wall clock of `timeZone` reads `wallAsUtc` (a wall-clock
 * time written as if it were UTC). Instruments, COAs and Metrc print local times without a zone; this
 * places them in the lab's or the state's zone, across a daylight-saving change too.
 */
export function wallClockToInstant(wallAsUtc: number, timeZone: string): number {
  // The zone's offset at a first guess, taken again at that guess, settles on the offset in force then.
  const guess = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  return wallAsUtc - offsetAt(guess, timeZone);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

// Building an Intl.DateTimeFormat costs ~0.5 ms (it loads the zone's rules); formatting with one is cheap.
// Zones come from configuration (the lab's, the state's), so few are remembered; the bound is a guard.
// An unknown zone throws RangeError every time, as before (a call that throws is not remembered).
const wallClockFormat = memoByString(
  (timeZone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  { maxEntries: 64 },
);
