/** The lab's clock: every date on screen is in this zone, whatever the browser's zone is. */
export const DEFAULT_LAB_TIME_ZONE = 'America/New_York';
let labTimeZone = DEFAULT_LAB_TIME_ZONE;

export function setLabTimeZone(tz: string | undefined): void {
  labTimeZone = tz || DEFAULT_LAB_TIME_ZONE;
}

export function getLabTimeZone(): string {
  return labTimeZone;
}

/** Each format the console prints or reads dates with: a locale and its options (the zone is added per use). */
const FORMATS = {
  dateTime: ['en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }],
  date: ['en-US', { year: 'numeric', month: 'short', day: 'numeric' }],
  time: ['en-US', { hour: 'numeric', minute: '2-digit' }],
  /** YYYY-MM-DD. */
  isoDay: ['en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }],
  /** Every field as a number, for reading a zone's offset. */
  parts: ['en-US', { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }],
} satisfies Record<string, [string, Intl.DateTimeFormatOptions]>;

const formatters = new Map<string, Intl.DateTimeFormat>();
// Made once per kind and zone: building an Intl.DateTimeFormat costs milliseconds (the results grid asked
// for two per group on every keystroke).
function formatter(kind: keyof typeof FORMATS, timeZone = labTimeZone): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const [locale, options] = FORMATS[kind];
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? formatter('dateTime').format(new Date(iso)) : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? formatter('date').format(new Date(iso)) : '—';
}

/** The day an instant falls on in the lab's zone, as YYYY-MM-DD. */
export function labDay(iso: string | Date): string {
  return formatter('isoDay').format(new Date(iso));
}

/** Minutes east of UTC of `tz` at instant `at` (negative for New York). */
function offsetMinutes(at: Date, tz: string): number {
  const parts = formatter('parts', tz).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - at.getTime()) / 60000);
}

/** The instant a calendar day (YYYY-MM-DD) starts in the lab's zone, as ISO 8601 UTC. */
export function labDayStartIso(day: string, tz = labTimeZone): string {
  const [y, m, d] = day.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Two passes settle days whose offset changes overnight (DST).
  let at = new Date(guess.getTime() - offsetMinutes(guess, tz) * 60000);
  at = new Date(guess.getTime() - offsetMinutes(at, tz) * 60000);
  return at.toISOString();
}

/** The next day's start: a date range's exclusive end. */
export function labDayEndIso(day: string, tz = labTimeZone): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return labDayStartIso(next, tz);
}

/** "31 h 12 min left" / "5 h overdue": the 48-hour reporting clock in words. */
export function describeDeadline(deadlineIso: string, now = Date.now()): { text: string; overdue: boolean; hoursLeft: number } {
  const ms = new Date(deadlineIso).getTime() - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const min = Math.floor((abs % 3_600_000) / 60_000);
  const span = h > 0 ? `${h} h ${min} min` : `${min} min`;
  return { text: ms >= 0 ? `${span} left` : `${span} overdue`, overdue: ms < 0, hoursLeft: ms / 3_600_000 };
}
