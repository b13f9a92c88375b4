import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { readDecimal, readResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';

/**
 * Water activity meter CSV in the AQUALAB (METER Group) export layout: optional "Key,value"
 * preamble (instrument, serial number, operator), then a header row and one reading per line with
 * date, time, sample ID, aw and chamber temperature. Verification salts (0.760 aw NaCl, 0.500 and
 * 0.250 aw LiCl) are check standards whose expected aw is the nominal value in their name.
 */

interface CsvRecord {
  line: number;
  cells: string[];
}

interface Columns {
  width: number;
  sample: number;
  aw: number;
  date: number;
  time: number;
  temperature: number;
  status: number;
}

const AW_HEADER = /^(water activity|aw)\b|\(aw\)/i;
const SAMPLE_HEADER = /^(sample( id| name)?|id)$/i;
/** Readings are reported at 25 °C; a chamber outside this band is worth a look before release. */
const TEMPERATURE_BAND = { low: new Decimal('24.5'), high: new Decimal('25.5') };

export const waterActivityParser: InstrumentParser = {
  format: 'water-activity',
  label: 'Water activity meter CSV (AQUALAB layout)',

  detect(text: string): boolean {
    const head = text.split('\n', 30).join('\n');
    const records = parse(head, { relax_column_count: true, relax_quotes: true, skip_records_with_error: true }) as unknown as string[][];
    return records.some((record) => {
      const cells = record.map((cell) => cell.trim());
      return cells.some((c) => SAMPLE_HEADER.test(c)) && cells.some((c) => AW_HEADER.test(c)) && cells.some((c) => /^temp/i.test(c));
    });
  },

  parse(text: string): ParseResult {
    const records = readCsvRecords(text);
    const headerAt = records.findIndex(({ cells }) => cells.some((c) => SAMPLE_HEADER.test(c.trim())) && cells.some((c) => AW_HEADER.test(c.trim())));
    if (headerAt < 0) throw new ParseError('no header row with a sample ID and a water activity column', 1);
    const columns = readColumns(records[headerAt]);
    const preamble = new Map(records.slice(0, headerAt).map(({ cells }) => [(cells[0] ?? '').trim(), (cells[1] ?? '').trim()] as const));

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const acquired: string[] = [];
    for (const { line, cells } of records.slice(headerAt + 1)) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (cells.length !== columns.width) {
        throw new ParseError(`row has ${cells.length} cells, the header ${columns.width} (truncated or malformed row)`, line);
      }
      const cell = (index: number) => (index >= 0 ? cells[index].trim() : '');
      const label = cell(columns.sample);
      if (!label) {
        skipped.push({ line, reason: 'reading without a sample ID' });
        continue;
      }
      const when = toIsoDateTime(cell(columns.date), cell(columns.time));
      if (when) acquired.push(when);
      const read = readResultCell(cell(columns.aw));
      const flags = [...read.flags, ...temperatureFlags(cell(columns.temperature)), ...statusFlags(cell(columns.status))];
      const role = roleFromLabel(label);
      rows.push({
        line,
        sampleRef: role.ref,
        analyte: 'Water activity',
        ...(read.value !== undefined ? { value: read.value } : {}),
        ...(read.qualifier ? { qualifier: read.qualifier } : {}),
        raw: read.raw,
        unit: 'aw',
        kind: role.kind,
        ...(role.expected ? { expected: role.expected } : {}),
        ...(flags.length ? { flags } : {}),
      });
    }
    acquired.sort();
    return { format: 'water-activity', meta: readMeta(preamble, acquired[0]), rows, skipped, warnings: [] };
  },
};

function readCsvRecords(text: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof parsed;
  } catch (error) {
    throw new ParseError(`unreadable CSV: ${(error as Error).message}`, (error as { lines?: number }).lines);
  }
  let previousEnd = 0;
  return parsed.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, cells: record };
  });
}

function readColumns(header: CsvRecord): Columns {
  const names = header.cells.map((cell) => cell.trim());
  const find = (pattern: RegExp) => names.findIndex((name) => pattern.test(name));
  return {
    width: names.length,
    sample: find(SAMPLE_HEADER),
    aw: find(AW_HEADER),
    date: find(/^date/i),
    time: find(/^time$/i),
    temperature: find(/^temp/i),
    status: find(/^status$/i),
  };
}

function temperatureFlags(cell: string): string[] {
  const value = readDecimal(cell);
  if (value === undefined) return [];
  const t = new Decimal(value);
  return t.lt(TEMPERATURE_BAND.low) || t.gt(TEMPERATURE_BAND.high) ? [`read at ${value} °C, outside 24.5-25.5 °C`] : [];
}

function statusFlags(cell: string): string[] {
  return cell && !/^ok$/i.test(cell) ? [`instrument status "${cell}"`] : [];
}

/** Verification standards carry their nominal aw ("0.760 aw 6.00 mol/kg NaCl"); distilled water is 1.000. */
function roleFromLabel(label: string): { kind: RowKind; ref: string; expected?: string } {
  const nominal = /^(0?\.\d{3}|1\.000)\s*aw\b/i.exec(label);
  if (nominal) return { kind: 'check_standard', ref: label, expected: readDecimal(nominal[1]) };
  if (/\b(distilled|deionized|DI)\s+water\b/i.test(label)) return { kind: 'check_standard', ref: label, expected: '1.000' };
  if (/\b(NaCl|LiCl|KCl|MgCl2|verification|CHK|check)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  const duplicate = /[\s_-]*\b(DUP|DUPLICATE)\d*$/i;
  if (duplicate.test(label)) return { kind: 'duplicate', ref: label.replace(duplicate, '') };
  return { kind: 'sample', ref: label };
}

function readMeta(preamble: Map<string, string>, acquiredAt: string | undefined): ParsedFileMeta {
  const meta: ParsedFileMeta = {};
  const instrument = preamble.get('Instrument');
  const serial = preamble.get('Serial Number');
  if (instrument) meta.instrument = serial ? `${instrument} ${serial}` : instrument;
  const operator = preamble.get('Operator');
  if (operator) meta.operator = operator;
  if (acquiredAt) meta.acquiredAt = acquiredAt;
  return meta;
}

/** "05/14/2024" and "09:02:41" (US) or an ISO date, as local ISO time. */
function toIsoDateTime(date: string, time: string): string | undefined {
  const two = (n: string | number) => String(n).padStart(2, '0');
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = us ? `${us[3]}-${two(us[1])}-${two(us[2])}` : isoDate ? date : undefined;
  if (!day) return undefined;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  return `${day}T${clock ? `${two(clock[1])}:${clock[2]}:${two(clock[3] ?? '00')}` : '00:00:00'}`;
}
