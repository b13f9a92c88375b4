import { readDecimal, readResultCell, ResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readDelimitedRecords, TAB_SEPARATED_REPORT } from './csv-records';
import { writesDecimalComma } from './decimal-comma';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { ResultTypeRole, roleFromSampleType, SampleTypeColumn, wordTable } from './row-kinds';
import { readUsDateTime } from './vendor-dates';

/**
 * SCIEX MultiQuant results table exported as text: tab separated, one header row, one row per
 * injection and component (long). Columns are found by name because users add, hide and reorder
 * them; custom columns named LOD / LOQ are read when present. "No Peak" means the component was
 * looked for and not found; "< 0" is a negative calculated concentration. SCIEX OS writes the same
 * table (with an Index column first and "Component Type" telling quantifiers from qualifiers).
 */

type Column =
  | 'sampleName'
  | 'sampleId'
  | 'sampleType'
  | 'component'
  | 'group'
  | 'units'
  | 'actual'
  | 'dilution'
  | 'area'
  | 'rt'
  | 'calculated'
  | 'acquired'
  | 'method'
  | 'file'
  | 'lod'
  | 'loq'
  | 'isFlag'
  | 'componentType';

const HEADERS: Record<Column, RegExp> = {
  sampleName: /^Sample Name$/,
  sampleId: /^Sample ID$/,
  sampleType: /^Sample Type$/,
  component: /^Component Name$/,
  group: /^Component Group Name$/,
  units: /^(Concentration Units|Conc\. Units)$/,
  actual: /^Actual Concentration$/,
  dilution: /^Dilution Factor$/,
  area: /^Area$/,
  rt: /^Retention Time$/,
  calculated: /^Calculated Concentration$/,
  acquired: /^Acquisition Date( & Time)?$/,
  method: /^Acquisition Method$/,
  file: /^File Name$/,
  lod: /^(LOD|LLOD)\b/i,
  loq: /^(LOQ|LLOQ)\b/i,
  isFlag: /^IS$/,
  // SCIEX OS prints each compound's quantifier and qualifier transitions as rows of their own.
  componentType: /^Component Type$/,
};

const INTERNAL_STANDARD = /(^|[\s(-])(13C|15N)\d*([\s)-]|$)|-d\d{1,2}\b|\bISTD\b|\(IS\)|_IS$/i;

const SAMPLE_TYPE: SampleTypeColumn<ResultTypeRole> = {
  title: 'Sample Type',
  roles: wordTable({
    unknown: 'from_name',
    blank: 'blank',
    'double blank': 'blank',
    solvent: 'blank',
    standard: 'calibration',
    'quality control': 'qc',
  }),
  key: (type) => type.toLowerCase(),
  label: { calibrationBlankNames: false, calibrationPrefix: false },
};

export const sciexMultiQuantParser: InstrumentParser = {
  format: 'sciex-multiquant',
  label: 'SCIEX MultiQuant results table (text)',

  detect(text: string): boolean {
    const header = text.split('\n', 1)[0];
    return ['Sample Name', 'Sample Type', 'Component Name', 'Calculated Concentration'].every((name) =>
      new RegExp(`(^|\\t)\\s*${name}\\s*(\\t|$)`).test(header),
    );
  },

  parse(text: string): ParseResult {
    const [headerRecord, ...records] = readDelimitedRecords(text, TAB_SEPARATED_REPORT);
    if (!headerRecord) throw new ParseError('empty file', 1);
    const header = headerRecord.cells.map((cell) => cell.trim());
    const col = columnIndexes(header);
    for (const required of ['sampleName', 'sampleType', 'component', 'calculated'] as const) {
      if (col[required] < 0) throw new ParseError(`results table has no "${HEADERS[required].source}" column`, headerRecord.line);
    }
    const body = records.filter((r) => !isBlankRecord(r.cells));
    const decimalComma = usesDecimalComma(body, [col.calculated, col.area, col.rt, col.actual]);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    for (const record of body) {
      const extraAreEmpty = record.cells.length > header.length && record.cells.slice(header.length).every((cell) => cell.trim() === '');
      if (record.cells.length !== header.length && !extraAreEmpty) {
        throw new ParseError(`row has ${record.cells.length} cells, the header ${header.length} (truncated or malformed row)`, record.line);
      }
      const cell = (index: number) => (index >= 0 ? record.cells[index].trim() : '');
      const component = cell(col.component);
      if (isInternalStandard(component, cell(col.group), cell(col.isFlag))) {
        skipped.push({ line: record.line, reason: `internal standard ${component}` });
        continue;
      }
      if (/^qualifiers?$/i.test(cell(col.componentType))) {
        skipped.push({ line: record.line, reason: `qualifier transition ${component}` });
        continue;
      }
      const label = cell(col.sampleId) || cell(col.sampleName);
      if (!label || !component) {
        skipped.push({ line: record.line, reason: 'row without a sample or component name' });
        continue;
      }
      const role = roleFromSampleType(SAMPLE_TYPE, cell(col.sampleType), label, warnings, record.line);
      const read = readCalculated(cell(col.calculated), cell(col.area), cell(col.rt), decimalComma);
      const numeric = (index: number) => (index >= 0 ? readDecimal(cell(index), { decimalComma }) : undefined);
      const expected = role.kind === 'calibration' || role.kind === 'check_standard' || role.kind === 'spike' ? numeric(col.actual) : undefined;
      rows.push({
        line: record.line,
        sampleRef: role.ref,
        analyte: component,
        ...resultFields(read),
        ...presentField('unit', cell(col.units)),
        ...presentField('lod', numeric(col.lod)),
        ...presentField('loq', numeric(col.loq)),
        ...presentField('dilution', numeric(col.dilution)),
        kind: role.kind,
        ...presentField('expected', expected),
        ...flagsField(read.flags),
      });
    }
    return { format: 'sciex-multiquant', meta: readMeta(body, col, warnings), rows, skipped, warnings };
  },
};

function columnIndexes(header: string[]): Record<Column, number> {
  const entries = (Object.keys(HEADERS) as Column[]).map((key) => [key, header.findIndex((h) => HEADERS[key].test(h))] as const);
  return Object.fromEntries(entries) as Record<Column, number>;
}

function readCalculated(cell: string, area: string, rt: string, decimalComma: boolean): ResultCell {
  if (/^no peak$/i.test(cell)) return { raw: cell, qualifier: 'ND', flags: [] };
  if (/^<\s*0$/.test(cell)) return { raw: cell, qualifier: 'ND', flags: ['negative_value'] };
  const read = readResultCell(cell, { decimalComma });
  const peakMissing = readDecimal(area, { decimalComma }) === undefined && readDecimal(rt, { decimalComma }) === undefined;
  return read.qualifier === 'NO_VALUE' && peakMissing ? { ...read, qualifier: 'ND' } : read;
}

function isInternalStandard(component: string, group: string, isFlag: string): boolean {
  return /^true$/i.test(isFlag) || /internal standard/i.test(group) || INTERNAL_STANDARD.test(component);
}

/** A European Windows locale writes "12,66"; decide once per file from its numeric columns. */
function usesDecimalComma(records: CsvRecord[], columns: number[]): boolean {
  return writesDecimalComma(
    cellsOf(
      records,
      columns.filter((index) => index >= 0),
    ),
  );
}

function* cellsOf(records: CsvRecord[], columns: number[]): Iterable<string> {
  for (const { cells } of records) for (const index of columns) yield cells[index] ?? '';
}

function readMeta(records: CsvRecord[], col: Record<Column, number>, warnings: string[]): ParsedFileMeta {
  const distinct = (index: number) => (index < 0 ? [] : [...new Set(records.map((r) => (r.cells[index] ?? '').trim()).filter(Boolean))]);
  const meta: ParsedFileMeta = {};
  const methods = distinct(col.method);
  if (methods.length) meta.method = methods[0];
  if (methods.length > 1) warnings.push(`rows come from ${methods.length} acquisition methods: ${methods.join(', ')}`);
  const files = distinct(col.file);
  if (files.length === 1) meta.batch = files[0];
  // "5/14/2024 1:02:14 PM"
  const acquired = distinct(col.acquired)
    .map((text) => readUsDateTime(text))
    .filter((d): d is string => d !== undefined)
    .sort();
  if (acquired.length) meta.acquiredAt = acquired[0];
  return meta;
}
