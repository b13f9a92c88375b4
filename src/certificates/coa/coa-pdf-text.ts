import type { CoaStatus } from './coa-view';

/**
 * Characters outside Latin-1 that the standard PDF fonts still draw, because pdfkit encodes them
 * through WinAnsi (en and em dash, curly quotes, bullet, ellipsis, euro, per mille, ...).
 */
const WIN_ANSI_EXTRAS = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜');

/** Greek letters as analyte names spell them out: Δ9-THC, α-pinene, β-caryophyllene. */
const GREEK_NAMES: Record<string, string> = {
  Δ: 'Delta',
  δ: 'delta',
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  ω: 'omega',
};

/** Signs with a plain-ASCII spelling; anything else unknown goes through NFKD, then becomes "?". */
const SUBSTITUTES: Record<string, string> = {
  μ: 'µ', // Greek mu -> micro sign, which WinAnsi has
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u200b': '',
};

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

function spellGreek(name: string, next: string | undefined): string {
  // "Δ9" reads "Delta-9"; "α-pinene" already has its hyphen.
  return next !== undefined && /[\p{L}\p{N}]/u.test(next) ? `${name}-` : name;
}

/** Superscripts Latin-1 lacks (it has ¹ ² ³): "10⁴ CFU/g" must not read "104 CFU/g". */
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function fallback(char: string): string {
  const decomposed = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return decomposed !== '' && [...decomposed].every(isWinAnsi) ? decomposed : '?';
}

/**
 * Text the built-in Helvetica can draw. pdfkit writes standard fonts in WinAnsi: a character outside
 * it comes out as a wrong glyph, not an error, so names like "Δ9-THC" or limits like "≤ 0.5" are
 * spelt in characters the font has ("Delta-9-THC", "<= 0.5"). µ, °, ±, × and – are kept.
 */
export function printable(text: string): string {
  const chars = [...text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')];
  return chars
    .map((char, index) => {
      if (isWinAnsi(char)) return char;
      if (char in GREEK_NAMES) return spellGreek(GREEK_NAMES[char], chars[index + 1]);
      if (char in SUBSTITUTES) return SUBSTITUTES[char];
      if (SUPERSCRIPT_DIGITS.includes(char)) return `^${SUPERSCRIPT_DIGITS.indexOf(char)}`;
      return fallback(char);
    })
    .join('');
}

/**
 * The zone a view printed without one uses (the default LAB_TIMEZONE). Times print in the lab's local
 * time with the zone, so EST/EDT is never guessed; the zone itself comes from config (CoaView.timeZone).
 */
export const DEFAULT_LAB_TIME_ZONE = 'America/New_York';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const LAB_CLOCKS = new Map<string, Intl.DateTimeFormat>();

function labClock(timeZone: string): Intl.DateTimeFormat {
  let clock = LAB_CLOCKS.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    LAB_CLOCKS.set(timeZone, clock);
  }
  return clock;
}

function labClockParts(value: string, timeZone: string): Record<string, string> | undefined {
  if (DATE_ONLY.test(value) || !ISO_DATE_TIME.test(value)) return undefined;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return undefined;
  return Object.fromEntries(
    labClock(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
}

/**
 * "2025-03-07" stays as it is; an ISO instant prints as "2025-03-07 09:05 EST" in the lab's zone;
 * anything else is taken as already formatted.
 */
export function displayDate(value: string, timeZone: string = DEFAULT_LAB_TIME_ZONE): string {
  const part = labClockParts(value, timeZone);
  return part ? `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}` : value;
}

/** The lab's calendar day of an instant ("2025-03-07"), for analysis dates where the hour is noise. */
export function displayDay(value: string, timeZone: string = DEFAULT_LAB_TIME_ZONE): string {
  const part = labClockParts(value, timeZone);
  return part ? `${part.year}-${part.month}-${part.day}` : value;
}

/** "2025-03-05" or "2025-03-05 – 2025-03-06" in lab days; undefined when neither end is known. */
export function displayDayRange(from?: string, to?: string, timeZone: string = DEFAULT_LAB_TIME_ZONE): string | undefined {
  const [first, last] = [from ?? to, to ?? from].map((value) => value && displayDay(value, timeZone));
  if (!first || !last) return undefined;
  return first === last ? first : `${first} – ${last}`;
}

export const STATUS_LABELS: Record<CoaStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  report_only: 'REPORT ONLY',
  incomplete: 'INCOMPLETE',
  // No pass/fail limit applies (potency, terpenes): the analyte was tested and is reported.
  no_limit: 'TESTED',
};

/** "pre-roll" -> "Pre-roll". */
export function displayProductType(productType: string): string {
  return productType.charAt(0).toUpperCase() + productType.slice(1);
}
