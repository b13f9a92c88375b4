/**
 * Acquisition dates as vendors print them, read into local ISO 8601 ("2024-05-14T13:02:14", no
 * zone: the files carry none). Each reader accepts exactly one layout and returns undefined for
 * anything else, so a parser lists the layouts its vendor writes, in order. The regular expressions
 * are built from the same parts so the layouts cannot drift apart.
 */

const US_DATE = String.raw`(\d{1,2})\/(\d{1,2})\/(\d{4})`;
const EUROPEAN_DATE = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`;
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?`;
const MERIDIEM = String.raw`\s*(AM|PM)?`;

const US_DATE_TIME = new RegExp(`^${US_DATE}\\s+${CLOCK}${MERIDIEM}$`, 'i');
const EUROPEAN_DATE_TIME = new RegExp(`^${EUROPEAN_DATE}\\s+${CLOCK}$`);
const YEAR_FIRST_DATE_TIME = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]` + `${CLOCK}$`);
/** ChemStation's classic "14-May-24, 11:02:51": a three-letter month, an optional comma. */
const MONTH_NAME_DATE_TIME = new RegExp(String.raw`^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4}),?\s+` + `${CLOCK}$`);
/** MassLynx's "14-May-24" or "14-June-2024": the month's first three letters decide. */
const MONTH_NAME_DATE = /^(\d{1,2})-([A-Za-z]{3})[a-z]*-(\d{2}|\d{4})$/;
const US_DATE_ONLY = new RegExp(`^${US_DATE}$`);
const EUROPEAN_DATE_ONLY = new RegExp(`^${EUROPEAN_DATE}$`);
const ISO_DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_ONLY = new RegExp(`^${CLOCK}$`);
const MERIDIEM_CLOCK_ONLY = new RegExp(`^${CLOCK}${MERIDIEM}$`, 'i');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const two = (n: string | number) => String(n).padStart(2, '0');

/** "2024-05-14T09:02:00" from its parts, padding each to two digits. */
export function localIsoDateTime(year: string, month: string | number, day: string, hour: number, minute: string, second = '00'): string {
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}:${two(second)}`;
}

/** A 12-hour clock's hour on the 24-hour clock; without AM/PM the hour is already 24-hour. */
export function hour24(hour: string, meridiem: string | undefined): number {
  if (!meridiem) return Number(hour);
  return (Number(hour) % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
}

export interface UsDateTimeOptions {
  /** Refuse a month above 12, a day above 31 or an hour above 23 instead of writing it through. */
  rejectOutOfRange?: boolean;
}

/** "5/14/2024 1:02:14 PM", "2/28/2019 12:14 AM" or "5/14/2024 13:02" (US month/day order). */
export function readUsDateTime(text: string | undefined, options: UsDateTimeOptions = {}): string | undefined {
  const match = US_DATE_TIME.exec((text ?? '').trim());
  if (!match) return undefined;
  const [, month, day, year, hourText, minute, second, meridiem] = match;
  const hour = hour24(hourText, meridiem);
  if (options.rejectOutOfRange && (Number(month) > 12 || Number(day) > 31 || hour > 23)) return undefined;
  return localIsoDateTime(year, month, day, hour, minute, second);
}

/** "19/12/2018 10:42" or "19/12/2018 10:42:07" (slash dates in day-first locales, 24-hour clock). */
export function readDayFirstSlashDateTime(text: string | undefined): string | undefined {
  const match = US_DATE_TIME.exec((text ?? '').trim());
  if (!match || match[7]) return undefined;
  const [, day, month, year, hour, minute, second] = match;
  if (Number(month) > 12 || Number(day) > 31 || Number(hour) > 23) return undefined;
  return localIsoDateTime(year, month, day, Number(hour), minute, second);
}

/** "14.05.2024 13:41:07" (European locales, day first, 24-hour clock). */
export function readEuropeanDateTime(text: string | undefined): string | undefined {
  const match = EUROPEAN_DATE_TIME.exec((text ?? '').trim());
  if (!match) return undefined;
  const [, day, month, year, hour, minute, second] = match;
  return localIsoDateTime(year, month, day, Number(hour), minute, second);
}

/** "2024-05-14 13:02:09" or "2024/5/14T13:02". */
export function readYearFirstDateTime(text: string | undefined): string | undefined {
  const match = YEAR_FIRST_DATE_TIME.exec((text ?? '').trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  return localIsoDateTime(year, month, day, Number(hour), minute, second);
}

/** "14-May-24, 11:02:51" or "14-May-2024 11:02"; a two-digit year is in this century. */
export function readMonthNameDateTime(text: string | undefined): string | undefined {
  const match = MONTH_NAME_DATE_TIME.exec((text ?? '').trim());
  const month = match ? monthNumber(match[2]) : 0;
  if (!match || month === 0) return undefined;
  const [, day, , year, hour, minute, second] = match;
  return localIsoDateTime(fullYear(year), month, day, Number(hour), minute, second);
}

/** "05/14/2024" -> "2024-05-14". */
export function readUsDate(text: string | undefined): string | undefined {
  const match = US_DATE_ONLY.exec((text ?? '').trim());
  return match ? `${match[3]}-${two(match[1])}-${two(match[2])}` : undefined;
}

/** "14.05.2024" -> "2024-05-14". */
export function readEuropeanDate(text: string | undefined): string | undefined {
  const match = EUROPEAN_DATE_ONLY.exec((text ?? '').trim());
  return match ? `${match[3]}-${two(match[2])}-${two(match[1])}` : undefined;
}

/** "2024-05-14" as it stands. */
export function readIsoDate(text: string | undefined): string | undefined {
  const date = (text ?? '').trim();
  return ISO_DATE_ONLY.test(date) ? date : undefined;
}

/** "14-May-24" or "14-June-2024" -> "2024-05-14"; a two-digit year is in this century. */
export function readMonthNameDate(text: string | undefined): string | undefined {
  const match = MONTH_NAME_DATE.exec((text ?? '').trim());
  const month = match ? monthNumber(match[2]) : 0;
  if (!match || month === 0) return undefined;
  return `${fullYear(match[3])}-${two(month)}-${two(match[1])}`;
}

/** "9:02" or "09:02:41" (24-hour) -> "09:02:41". */
export function readClock(text: string | undefined): string | undefined {
  const match = CLOCK_ONLY.exec((text ?? '').trim());
  return match ? `${two(match[1])}:${match[2]}:${two(match[3] ?? '00')}` : undefined;
}

/** "1:05:00 PM", "12:05 AM" or "13:05" -> "13:05:00". */
export function readMeridiemClock(text: string | undefined): string | undefined {
  const match = MERIDIEM_CLOCK_ONLY.exec((text ?? '').trim());
  if (!match) return undefined;
  const [, hour, minute, second = '00', meridiem] = match;
  return `${two(hour24(hour, meridiem))}:${minute}:${two(second)}`;
}

/** A date column and a time column: the time is midnight when it is missing or unreadable. */
export function withClock(date: string | undefined, time: string | undefined): string | undefined {
  return date === undefined ? undefined : `${date}T${readClock(time) ?? '00:00:00'}`;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) + 1;
}

function fullYear(year: string): string {
  return year.length === 2 ? `20${year}` : year;
}
