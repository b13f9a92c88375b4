import { CoaParseError } from './coa-layout.types';

/**
 * Text helpers shared by the COA layouts: readability checks, line splitting, ligature repair, ids,
 * dates and product types. Pure functions.
 */

const MIN_TEXT_CHARS = 200;
const MIN_TOKENS_FOR_SPACING_CHECK = 60;
/** Ordinary COA text has well under 15% one-letter words ("A", "g", "%"); letter-spaced text is mostly them. */
const MAX_SINGLE_LETTER_SHARE = 0.4;
/** A few unmapped ligatures are normal; a broken font encoding turns most characters into junk. */
const MAX_JUNK_SHARE = 0.05;

/** The PDF opened but its text cannot be used (a scan, letter-spaced or garbled text), unlike a broken file. */
export class CoaTextLayerError extends CoaParseError {
  constructor(message: string) {
    super(message);
    this.name = 'CoaTextLayerError';
  }
}

/**
 * Throws when the text layer cannot be trusted: missing (a scan), letter-spaced ("T o t a l  T H C"),
 * or junk from a font without a usable encoding. Layouts call it too, since an extractor may be swapped.
 */
export function assertReadableText(text: string): void {
  // The extractor, parseCoaText and the layout each check the same text: it is judged once.
  if (text === lastReadable) return;
  const visible = text.replace(/\s+/g, '');
  if (visible.length < MIN_TEXT_CHARS) {
    throw new CoaTextLayerError('The PDF has no usable text layer (is it a scanned image?); enter the results by hand.');
  }
  // eslint-disable-next-line no-control-regex -- control characters in extracted text are the sign of a broken text layer
  const junk = visible.match(/[\u0000-\u0008\u000e-\u001f\ufffd\ue000-\uf8ff]/g)?.length ?? 0;
  if (junk / visible.length > MAX_JUNK_SHARE) {
    throw new CoaTextLayerError('The PDF text is garbled (its fonts carry no usable character map); enter the results by hand.');
  }
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  if (tokens.length >= MIN_TOKENS_FOR_SPACING_CHECK) {
    const single = tokens.filter((t) => /^\p{L}$/u.test(t)).length;
    if (single / tokens.length > MAX_SINGLE_LETTER_SHARE) {
      throw new CoaTextLayerError('The PDF text comes out letter-spaced, so its tables cannot be read reliably.');
    }
  }
  lastReadable = text;
}

/** The last text assertReadableText passed (the check is pure, so the same text passes again). */
let lastReadable: string | undefined;

/** Lines trimmed, tabs as spaces, runs of spaces collapsed, pdf-parse's page markers dropped. */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\t ]+/g, ' ').trim())
    .filter((line) => line !== '' && !/^-- \d+ of \d+ --$/.test(line));
}

/**
 * Some fonts draw "fi"/"fl" as one glyph with no text mapping; pdf-parse then gives NUL (or U+FFFD).
 * The lost pair is restored only for words a COA is known to print, otherwise left as U+FFFD.
 */
const LIGATURE_WORDS = [
  'aflatoxin',
  'aflatoxins',
  'flavus',
  'cyfluthrin',
  'trifloxystrobin',
  'flonicamid',
  'fludioxonil',
  'fipronil',
  'bifenazate',
  'bifenthrin',
  'confident',
  'certificate',
  'specifications',
  'efficacy',
];
// eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
const LOST_LIGATURE = /[\u0000\ufffd]/;

export function repairLigatures(text: string): { text: string; unresolved: boolean } {
  let unresolved = false;
  // Each whole run of letters, hyphens and lost glyphs, repaired when it holds a lost glyph. (Matching only runs
  // that hold one, /[…]*[\u0000\ufffd][…]*/, backtracked quadratically over a long word without one.)
  // eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
  const repaired = text.replace(/[\p{L}\u0000\ufffd-]+/gu, (word) => {
    if (!LOST_LIGATURE.test(word)) return word;
    const candidates = ['fi', 'fl']
      // eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
      .map((pair) => word.replace(/[\u0000\ufffd]/g, pair))
      .filter((candidate) => LIGATURE_WORDS.includes(candidate.toLowerCase()));
    if (candidates.length === 1) return candidates[0];
    unresolved = true;
    // eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
    return word.replace(/\u0000/g, '\ufffd');
  });
  return { text: repaired, unresolved };
}

export function hasLostLigature(text: string): boolean {
  return LOST_LIGATURE.test(text);
}

/**
 * 16-digit inventory ids (BioTrack; printed whole or in groups of four) and METRC tags (1A4 + 21).
 * Grouped ids are only joined across spaces on one line, never across line breaks.
 */
export function findInventoryIds(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\d.\-/])\d{4}(?: ?\d{4}){3}(?![\d.\-/])/g)) found.push(match[0].replace(/ /g, ''));
  for (const match of text.matchAll(/\b1A4[0-9A-Z]{21}\b/g)) found.push(match[0]);
  return [...new Set(found)];
}

/** "06/17/2022" or "03/17/23" (US month-first) -> "2022-06-17"; undefined when not a valid date. */
export function usDateToIso(text: string | undefined): string | undefined {
  const match = text?.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/);
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const year = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The latest of some ISO dates (string order is date order for YYYY-MM-DD). */
export function latestIsoDate(dates: Array<string | undefined>): string | undefined {
  const known = dates.filter((d): d is string => d !== undefined).sort();
  return known[known.length - 1];
}

/** First capture of `pattern` in `text`, trimmed; undefined when absent or blank. */
export function capture(text: string, pattern: RegExp): string | undefined {
  const value = text.match(pattern)?.[1]?.trim();
  return value === '' ? undefined : value;
}

const PRODUCT_TYPE_WORDS: Array<[RegExp, string]> = [
  [/pre-?roll|joint|blunt/i, 'pre-roll'],
  [/vape|cartridge|cart\b|pod\b/i, 'vape'],
  [/tincture/i, 'tincture'],
  [/topical|lotion|balm|salve/i, 'topical'],
  [/edible|ingestible|gumm|chocolate|beverage|drink|baked/i, 'edible'],
  [/concentrate|extract|wax|shatter|rosin|resin|distillate|kief|hash/i, 'concentrate'],
  [/flower|\bbud\b|plant/i, 'flower'],
];

/** The COA's product category mapped to NY's vocabulary; 'other' when none fits. */
export function nyProductType(printed: string | undefined): string | undefined {
  if (printed === undefined) return undefined;
  return PRODUCT_TYPE_WORDS.find(([pattern]) => pattern.test(printed))?.[1] ?? 'other';
}
