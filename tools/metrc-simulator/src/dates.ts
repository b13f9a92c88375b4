import { SimConfig } from './config';

/** The .NET DateTimeOffset.MinValue Metrc prints for a date it never set. */
export const SENTINEL = '0001-01-01T00:00:00+00:00';

/** How one field is printed; Metrc mixes these side by side in one answer. */
export type DateFormat =
  | 'zulu' // 2026-12-01T14:48:30Z
  | 'utcOffset' // 2026-12-01T14:48:30+00:00
  | 'utcSevenDigits' // 2026-12-01T14:48:30.1234567+00:00
  | 'localOffset' // 2026-12-01T09:48:30-05:00
  | 'localNoOffset' // 2026-12-01T09:48:30.000
  | 'dateOnly' // 2026-12-01 (the local calendar day)
  | 'utcDateOnly'; // 2026-12-01 (the UTC calendar day: a date the client sent as midnight Z)

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

const clockText = (c: WallClock) => `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;

/** Minutes east of UTC of `timeZone` at `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const c = wallClock(ms, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

/** Prints an instant the way Metrc prints the field it belongs to (`dateStyle: iso` prints every one as toISOString). */
export function formatDate(ms: number, format: DateFormat, config: Pick<SimConfig, 'dateStyle' | 'timeZone'>): string {
  if (config.dateStyle === 'iso') return new Date(ms).toISOString();
  const utc = new Date(ms).toISOString(); // 2026-12-01T14:48:30.123Z
  switch (format) {
    case 'zulu':
      return `${utc.slice(0, 19)}Z`;
    case 'utcOffset':
      return `${utc.slice(0, 19)}+00:00`;
    case 'utcSevenDigits':
      // Milliseconds plus four digits of sub-millisecond noise, as .NET ticks print.
      return `${utc.slice(0, 23)}${pad(ms % 10_000, 4)}+00:00`;
    case 'localOffset':
      return `${clockText(wallClock(ms, config.timeZone))}${offsetText(offsetMinutes(ms, config.timeZone))}`;
    case 'localNoOffset':
      return `${clockText(wallClock(ms, config.timeZone))}.${utc.slice(20, 23)}`;
    case 'dateOnly':
      return clockText(wallClock(ms, config.timeZone)).slice(0, 10);
    case 'utcDateOnly':
      return utc.slice(0, 10);
  }
}

/** Like formatDate, for a field that may be unset: null, or the .NET sentinel when `sentinel` is asked for. */
export function formatOptional(ms: number | null, format: DateFormat, config: Pick<SimConfig, 'dateStyle' | 'timeZone'>, sentinel = false): string | null {
  if (ms !== null) return formatDate(ms, format, config);
  return sentinel && config.dateStyle === 'mixed' ? SENTINEL : null;
}

/**
 * Reads a query or body date: ISO 8601 with `Z` or an offset; a date or date-time without an offset is taken as
 * UTC. NaN when it is not a date.
 */
export function parseDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Math.floor(Number(`0${frac || '.0'}`) * 1000);
  const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  const check = new Date(base);
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return NaN;
  if (zone.toUpperCase() === 'Z') return base;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const minutes = (+z[2] * 60 + +z[3]) * (z[1] === '-' ? -1 : 1);
  return base - minutes * 60_000;
}
