import { isAsciiLetter, isAsciiUpper, isSpace, isWordChar, lastLineTerminator } from '../../common/parsing/linear-text';
import { readResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { duplicateOrSample, LabelRole } from './row-kinds';
import { splitLines } from './text-input';
import { readEuropeanDate, readUsDate, withClock } from './vendor-dates';

/**
 * Halogen moisture analyzer printouts (Mettler-Toledo HX/HE/HC, Ohaus MB) captured as text, one
 * printout per measurement, appended. Each printout opens with a "Moisture Analysis" title and holds
 * "key   value" (Mettler) or "Key: value" (Ohaus) lines; the final result reads "9.87 %MC". Only
 * moisture content (%MC) is a moisture result: %DC (dry content) and other display modes are not.
 * Balances configured for Europe print decimal commas, which are unambiguous here (no thousands).
 */

interface Field {
  value: string;
  line: number;
}

interface Printout {
  line: number;
  lastLine: number;
  brand?: string;
  fields: Map<string, Field>;
}

const TITLE = /moisture\s+analy[sz](is|er)/i;
const BRAND = /^\s*(METTLER TOLEDO|OHAUS)\b(.*)$/i;
/** Sodium tartrate dihydrate holds 15.66 % water by formula: the usual moisture analyzer check standard. */
const TARTRATE_WATER_PERCENT = '15.66';

export const moistureAnalyzerParser: InstrumentParser = {
  format: 'moisture-analyzer',
  label: 'Moisture analyzer printout (Mettler-Toledo / Ohaus)',

  detect(text: string): boolean {
    return TITLE.test(text) && /%\s*MC\b/.test(text) && /start\s+weight/i.test(text);
  },

  parse(text: string): ParseResult {
    const printouts = readPrintouts(splitLines(text));
    if (printouts.length === 0) throw new ParseError('no "Moisture Analysis" printout found', 1);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    for (const printout of printouts) {
      const result = field(printout, 'final result', 'result', 'moisture');
      if (!result) throw new ParseError('printout ends before its final result (truncated?)', printout.lastLine);
      const label = field(printout, 'sample id', 'sample', 'id')?.value ?? '';
      if (!label) {
        skipped.push({ line: result.line, reason: 'printout without a sample ID' });
        continue;
      }
      const [, number = '', mode = field(printout, 'display mode')?.value ?? ''] = /^(\S+)\s*(?:%\s*([A-Za-z]+))?/.exec(result.value) ?? [];
      if (mode.toUpperCase() !== 'MC') {
        skipped.push({ line: result.line, reason: `result in %${mode || '?'}, not moisture content (%MC)` });
        continue;
      }
      const read = readResultCell(number, { decimalComma: true });
      const aborted = [...printout.fields.values()].some((f) => /abort/i.test(f.value));
      const flags = aborted ? [...read.flags, 'analysis aborted'] : read.flags;
      const role = roleFromLabel(label);
      rows.push({
        line: result.line,
        sampleRef: role.ref,
        analyte: 'Moisture',
        ...resultFields(read),
        raw: result.value,
        unit: '%',
        kind: role.kind,
        ...presentField('expected', role.expected),
        ...flagsField(flags),
      });
    }
    return { format: 'moisture-analyzer', meta: readMeta(printouts[0]), rows, skipped, warnings: [] };
  },
};

function readPrintouts(lines: string[]): Printout[] {
  const printouts: Printout[] = [];
  let current: Printout | undefined;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (TITLE.test(text)) {
      current = { line, lastLine: line, fields: new Map() };
      printouts.push(current);
      return;
    }
    if (!current) return;
    if (text.trim() !== '') current.lastLine = line;
    const brand = BRAND.exec(text);
    if (brand && !current.brand) {
      current.brand = `${brand[1]}${brand[2]}`.trim();
      return;
    }
    for (const [key, value] of keyValues(text)) {
      if (!current.fields.has(key)) current.fields.set(key, { value, line });
    }
  });
  return printouts;
}

/** "Total time        5:12 min", "Start Weight:  1,998 g", or two Ohaus pairs on one line. */
export function keyValues(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of splitBeforeKeys(text.trim())) {
    const match = spacedPair(part) ?? colonPair(part);
    if (match) pairs.push([match[0].toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, ''), match[1].trim()]);
  }
  return pairs;
}

// The three readers below match what /\s{2,}(?=[A-Z][A-Za-z .]*:)/ (split), /^([A-Za-z][\w ./%()-]*?)\s{2,}(\S.*)$/
// and /^([A-Za-z][\w ./%()-]*?)\s*:\s*(.*)$/ matched, in one pass over run tables: the expressions
// backtracked quadratically on a long line of spaced words without a colon.

/** The line cut at each run of two or more spaces that a "Key:" follows. */
function splitBeforeKeys(line: string): string[] {
  const parts: string[] = [];
  let from = 0;
  // Where the run of [A-Za-z .] scanned last ends; a later start inside it ends there too, so each character is scanned once.
  let keyEnd = 0;
  let i = 0;
  while (i < line.length) {
    const end = spaceRunEnd(line, i);
    if (end === i) {
      i++;
      continue;
    }
    if (end - i >= 2 && isAsciiUpper(line.charCodeAt(end))) {
      if (end + 1 > keyEnd) keyEnd = keyWordRunEnd(line, end + 1);
      if (line.charCodeAt(keyEnd) === COLON) {
        parts.push(line.slice(from, i));
        from = end;
      }
    }
    i = end;
  }
  parts.push(line.slice(from));
  return parts;
}

/** "Key  value": the shortest key followed by two or more spaces and a value. */
function spacedPair(part: string): [string, string] | undefined {
  if (!isAsciiLetter(part.charCodeAt(0))) return undefined;
  const lastTerminator = lastLineTerminator(part);
  let end = 0;
  for (let k = 1; k < part.length && isKeyNameChar(part.charCodeAt(k - 1)); k++) {
    // Inside the run of spaces found last, the run still ends where it did: each character is scanned once.
    if (k >= end) end = spaceRunEnd(part, k);
    if (end - k >= 2 && end < part.length && end > lastTerminator) return [part.slice(0, k), part.slice(end)];
  }
  return undefined;
}

/** "Key: value": the shortest key followed by a colon. */
function colonPair(part: string): [string, string] | undefined {
  if (!isAsciiLetter(part.charCodeAt(0))) return undefined;
  const lastTerminator = lastLineTerminator(part);
  let colon = 0;
  for (let k = 1; k < part.length && isKeyNameChar(part.charCodeAt(k - 1)); k++) {
    if (k >= colon) colon = spaceRunEnd(part, k);
    if (part.charCodeAt(colon) !== COLON) continue;
    const value = spaceRunEnd(part, colon + 1);
    return value > lastTerminator ? [part.slice(0, k), part.slice(value)] : undefined;
  }
  return undefined;
}

function spaceRunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

const COLON = 0x3a;

/** The end of the run of [A-Za-z .] from `from`. */
function keyWordRunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isKeyWordChar(text.charCodeAt(i))) i++;
  return i;
}

/** [A-Za-z .] */
function isKeyWordChar(code: number): boolean {
  return isAsciiLetter(code) || code === 0x20 || code === 0x2e;
}

/** [\w ./%()-] */
function isKeyNameChar(code: number): boolean {
  return isWordChar(code) || code === 0x20 || code === 0x2e || code === 0x2f || code === 0x25 || code === 0x28 || code === 0x29 || code === 0x2d;
}

function field(printout: Printout, ...keys: string[]): Field | undefined {
  for (const key of keys) {
    const found = printout.fields.get(key);
    if (found) return found;
  }
  return undefined;
}

function roleFromLabel(label: string): LabelRole & { expected?: string } {
  if (/tartrate/i.test(label)) return { kind: 'check_standard', ref: label, expected: TARTRATE_WATER_PERCENT };
  if (/\b(CHK|CHECK|CCV|LCS)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  return duplicateOrSample(label);
}

function readMeta(first: Printout): ParsedFileMeta {
  const meta: ParsedFileMeta = {};
  const model = field(first, 'type', 'model')?.value;
  const brand = first.brand;
  const instrument = brand && model && !brand.includes(model) ? `${brand} ${model}` : (brand ?? model);
  if (instrument) meta.instrument = instrument;
  const method = field(first, 'method', 'method name', 'profile')?.value;
  if (method) meta.method = method;
  // "05/14/2024" (US) or "14.05.2024" (European), with "09:41:12" or "14:03".
  const date = field(first, 'date')?.value;
  const acquiredAt = withClock(readUsDate(date) ?? readEuropeanDate(date), field(first, 'time')?.value);
  if (acquiredAt) meta.acquiredAt = acquiredAt;
  const operator = field(first, 'user', 'user id', 'operator')?.value;
  if (operator) meta.operator = operator;
  return meta;
}
