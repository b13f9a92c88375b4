import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { readDecimal, readResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readDelimitedRecords } from './csv-records';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { duplicateOrSample, LabelRole } from './row-kinds';
import { readIsoDate, readUsDate, withClock } from './vendor-dates';

/**
 * Water activity meter CSV in the AQUALAB (METER Group) export layout: optional "Key,value"
 * preamble (instrument, serial number, operator), then a header row and one reading per line with
 * date, time, sample ID, aw and chamber temperature. Verification salts (0.760 aw NaCl, 0.500 and
 * 0.250 aw LiCl) are check standards whose expected aw is the nominal value in their name.
 */

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
    const records = parse(head, { relax_column_count: true, relax_quotes: true, skip_records_with_error: true });
    return records.some((record) => {
      const cells = record.map((cell) => cell.trim());
      return cells.some((c) => SAMPLE_HEADER.test(c)) && cells.some((c) => AW_HEADER.test(c)) && cells.some((c) => /^temp/i.test(c));
    });
  },

  parse(text: string): ParseResult {
    // A stray quote is an error and empty lines are records, as this format has always been read.
    const records = readDelimitedRecords(text, { delimiter: ',', emptyLines: 'keep', quotes: 'strict' });
    const headerAt = records.findIndex(({ cells }) => cells.some((c) => SAMPLE_HEADER.test(c.trim())) && cells.some((c) => AW_HEADER.test(c.trim())));
    if (headerAt < 0) throw new ParseError('no header row with a sample ID and a water activity column', 1);
    const columns = readColumns(records[headerAt]);
    const preamble = new Map(records.slice(0, headerAt).map(({ cells }) => [(cells[0] ?? '').trim(), (cells[1] ?? '').trim()] as const));

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const acquired: string[] = [];
    for (const { line, cells } of records.slice(headerAt + 1)) {
      if (isBlankRecord(cells)) continue;
      if (cells.length !== columns.width) {
        throw new ParseError(`row has ${cells.length} cells, the header ${columns.width} (truncated or malformed row)`, line);
      }
      const cell = (index: number) => (index >= 0 ? cells[index].trim() : '');
      const label = cell(columns.sample);
      if (!label) {
        skipped.push({ line, reason: 'reading without a sample ID' });
        continue;
      }
      // "05/14/2024" (US) or an ISO date, and "09:02:41".
      const when = withClock(readUsDate(cell(columns.date)) ?? readIsoDate(cell(columns.date)), cell(columns.time));
      if (when) acquired.push(when);
      const read = readResultCell(cell(columns.aw));
      const flags = [...read.flags, ...temperatureFlags(cell(columns.temperature)), ...statusFlags(cell(columns.status))];
      const role = roleFromLabel(label);
      rows.push({
        line,
        sampleRef: role.ref,
        analyte: 'Water activity',
        ...resultFields(read),
        unit: 'aw',
        kind: role.kind,
        ...presentField('expected', role.expected),
        ...flagsField(flags),
      });
    }
    acquired.sort();
    return { format: 'water-activity', meta: readMeta(preamble, acquired[0]), rows, skipped, warnings: [] };
  },
};

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
function roleFromLabel(label: string): LabelRole & { expected?: string } {
  const nominal = /^(0?\.\d{3}|1\.000)\s*aw\b/i.exec(label);
  if (nominal) return { kind: 'check_standard', ref: label, expected: readDecimal(nominal[1]) };
  if (/\b(distilled|deionized|DI)\s+water\b/i.test(label)) return { kind: 'check_standard', ref: label, expected: '1.000' };
  if (/\b(NaCl|LiCl|KCl|MgCl2|verification|CHK|check)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  return duplicateOrSample(label);
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
