import { readResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { splitLines } from './text-input';

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
        ...(read.value !== undefined ? { value: read.value } : {}),
        ...(read.qualifier ? { qualifier: read.qualifier } : {}),
        raw: result.value,
        unit: '%',
        kind: role.kind,
        ...(role.expected ? { expected: role.expected } : {}),
        ...(flags.length ? { flags } : {}),
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
function keyValues(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.trim().split(/\s{2,}(?=[A-Z][A-Za-z .]*:)/)) {
    const match = /^([A-Za-z][\w .\/%()-]*?)\s{2,}(\S.*)$/.exec(part) ?? /^([A-Za-z][\w .\/%()-]*?)\s*:\s*(.*)$/.exec(part);
    if (match) pairs.push([match[1].toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, ''), match[2].trim()]);
  }
  return pairs;
}

function field(printout: Printout, ...keys: string[]): Field | undefined {
  for (const key of keys) {
    const found = printout.fields.get(key);
    if (found) return found;
  }
  return undefined;
}

function roleFromLabel(label: string): { kind: RowKind; ref: string; expected?: string } {
  if (/tartrate/i.test(label)) return { kind: 'check_standard', ref: label, expected: TARTRATE_WATER_PERCENT };
  if (/\b(CHK|CHECK|CCV|LCS)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  const duplicate = /[\s_-]*\b(DUP|DUPLICATE)\d*$/i;
  if (duplicate.test(label)) return { kind: 'duplicate', ref: label.replace(duplicate, '') };
  return { kind: 'sample', ref: label };
}

function readMeta(first: Printout): ParsedFileMeta {
  const meta: ParsedFileMeta = {};
  const model = field(first, 'type', 'model')?.value;
  const brand = first.brand;
  const instrument = brand && model && !brand.includes(model) ? `${brand} ${model}` : brand ?? model;
  if (instrument) meta.instrument = instrument;
  const method = field(first, 'method', 'method name', 'profile')?.value;
  if (method) meta.method = method;
  const acquiredAt = toIsoDateTime(field(first, 'date')?.value, field(first, 'time')?.value);
  if (acquiredAt) meta.acquiredAt = acquiredAt;
  const operator = field(first, 'user', 'user id', 'operator')?.value;
  if (operator) meta.operator = operator;
  return meta;
}

/** "05/14/2024" (US) or "14.05.2024" (European), with "09:41:12" or "14:03", as local ISO time. */
function toIsoDateTime(date: string | undefined, time: string | undefined): string | undefined {
  const two = (n: string | number) => String(n).padStart(2, '0');
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date ?? '');
  const eu = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(date ?? '');
  const day = us ? `${us[3]}-${two(us[1])}-${two(us[2])}` : eu ? `${eu[3]}-${two(eu[2])}-${two(eu[1])}` : undefined;
  if (!day) return undefined;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time ?? '');
  return `${day}T${clock ? `${two(clock[1])}:${clock[2]}:${two(clock[3] ?? '00')}` : '00:00:00'}`;
}
