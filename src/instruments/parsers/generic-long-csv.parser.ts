import { CellOptions, readResultCell } from './cell-values';
import { CsvRecord, expectRecordWidth, isBlankRecord, readCsvRecords } from './csv-records';
import { GenericColumnMapping, InstrumentParser, ParsedRow, ParseError, ParseOptions, ParseResult, RowKind, SkippedLine } from './parser.types';
import { wordTable } from './row-kinds';
import { splitLines } from './text-input';

const DEFAULT_COLUMNS: GenericColumnMapping = {
  sample: 'sample',
  analyte: 'analyte',
  value: 'value',
  unit: 'unit',
  lod: 'lod',
  loq: 'loq',
  kind: 'kind',
  dilution: 'dilution',
};
const REQUIRED_DEFAULTS = ['sample', 'analyte', 'value', 'unit', 'lod', 'loq'] as const;
const OPTIONAL_KEYS = ['kind', 'dilution'] as const;

const KIND_WORDS = wordTable<RowKind>({
  '': 'sample',
  sample: 'sample',
  unknown: 'sample',
  blank: 'blank',
  'method blank': 'blank',
  mb: 'blank',
  calibration: 'calibration',
  cal: 'calibration',
  std: 'calibration',
  standard: 'calibration',
  spike: 'spike',
  'matrix spike': 'spike',
  ms: 'spike',
  duplicate: 'duplicate',
  dup: 'duplicate',
  check_standard: 'check_standard',
  'check standard': 'check_standard',
  ccv: 'check_standard',
  icv: 'check_standard',
  lcs: 'check_standard',
  qc: 'check_standard',
});

type ColumnIndex = Record<keyof GenericColumnMapping, number | undefined>;

export const genericLongCsvParser: InstrumentParser = {
  format: 'generic-long-csv',
  label: 'Generic long CSV (sample, analyte, value, unit, LOD, LOQ)',

  detect(text: string): boolean {
    const header = splitLines(text).find((line) => line.trim() !== '');
    if (!header) return false;
    const names = header.split(sniffDelimiter(header)).map(normaliseHeader);
    return REQUIRED_DEFAULTS.every((name) => names.includes(name));
  },

  parse(text: string, options: ParseOptions = {}): ParseResult {
    const headerText = splitLines(text).find((line) => line.trim() !== '') ?? '';
    const delimiter = sniffDelimiter(headerText);
    // A comma can only be a decimal mark when it is not the separator.
    const cellOptions: CellOptions = { decimalComma: delimiter !== ',' };
    const [header, ...records] = readCsvRecords(text, delimiter);
    if (!header) throw new ParseError('empty file');
    const columns = resolveColumns(header, options.columnMapping);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    for (const { cells, line } of records) {
      if (isBlankRecord(cells)) continue;
      expectRecordWidth(cells, header.cells.length, line);
      const cell = (key: keyof GenericColumnMapping) => {
        const index = columns[key];
        return index === undefined ? undefined : cells[index].trim();
      };
      const sampleRef = cell('sample') ?? '';
      const analyte = cell('analyte') ?? '';
      if (!sampleRef || !analyte) {
        skipped.push({ line, reason: !sampleRef ? 'no sample code' : 'no analyte' });
        continue;
      }
      const kindText = (cell('kind') ?? '').toLowerCase();
      const kind = KIND_WORDS.get(kindText);
      if (!kind) {
        skipped.push({ line, reason: `unknown row kind "${cell('kind')}"` });
        warnings.push(`line ${line}: unknown row kind "${cell('kind')}" was not imported`);
        continue;
      }
      const read = readResultCell(cell('value'), cellOptions);
      const flags = [...read.flags];
      const row: ParsedRow = { line, sampleRef, analyte, raw: read.raw, kind };
      if (read.value !== undefined) row.value = read.value;
      if (read.qualifier) row.qualifier = read.qualifier;
      if (cell('unit')) row.unit = cell('unit');
      for (const key of ['lod', 'loq', 'dilution'] as const) {
        const decimal = readOptionalDecimal(cell(key), key, cellOptions, flags);
        if (decimal !== undefined) row[key] = decimal;
      }
      if (flags.length) row.flags = flags;
      rows.push(row);
    }
    return { format: 'generic-long-csv', meta: {}, rows, skipped, warnings };
  },
};

function sniffDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function normaliseHeader(name: string): string {
  return name.trim().replace(/^"|"$/g, '').trim().toLowerCase();
}

function resolveColumns(header: CsvRecord, mapping: GenericColumnMapping | undefined): ColumnIndex {
  const names = header.cells.map(normaliseHeader);
  const wanted = mapping ?? DEFAULT_COLUMNS;
  const index = {} as ColumnIndex;
  const missing: string[] = [];
  for (const key of Object.keys(DEFAULT_COLUMNS) as (keyof GenericColumnMapping)[]) {
    const name = wanted[key];
    if (name === undefined) continue;
    const found = names.indexOf(name.trim().toLowerCase());
    if (found >= 0) {
      index[key] = found;
      continue;
    }
    // A saved mapping names only the columns it expects; without one, kind and dilution are optional.
    const optional = !mapping && (OPTIONAL_KEYS as readonly string[]).includes(key);
    if (!optional) missing.push(`${key} ("${name}")`);
  }
  if (missing.length) throw new ParseError(`header lacks the columns ${missing.join(', ')}`, header.line);
  return index;
}

function readOptionalDecimal(cell: string | undefined, name: string, options: CellOptions, flags: string[]): string | undefined {
  if (cell === undefined) return undefined;
  const read = readResultCell(cell, options);
  if (read.qualifier) {
    if (read.raw !== '' && read.flags.length) flags.push(`unreadable ${name} "${read.raw}"`);
    return undefined;
  }
  return read.value;
}
