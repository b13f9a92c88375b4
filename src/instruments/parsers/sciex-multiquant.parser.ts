import { parse } from 'csv-parse/sync';
import { readDecimal, readResultCell, ResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';

/**
 * SCIEX MultiQuant results table exported as text: tab separated, one header row, one row per
 * injection and component (long). Columns are found by name because users add, hide and reorder
 * them; custom columns named LOD / LOQ are read when present. "No Peak" means the component was
 * looked for and not found; "< 0" is a negative calculated concentration.
 */

interface TabRecord {
  line: number;
  cells: string[];
}

type Column =
  | 'sampleName' | 'sampleId' | 'sampleType' | 'component' | 'group' | 'units' | 'actual' | 'dilution'
  | 'area' | 'rt' | 'calculated' | 'acquired' | 'method' | 'file' | 'lod' | 'loq' | 'isFlag';

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
};

const INTERNAL_STANDARD = /(^|[\s(-])(13C|15N)\d*([\s)-]|$)|-d\d{1,2}\b|\bISTD\b|\(IS\)|_IS$/i;

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
    const [headerRecord, ...records] = readTabRecords(text);
    if (!headerRecord) throw new ParseError('empty file', 1);
    const header = headerRecord.cells.map((cell) => cell.trim());
    const col = columnIndexes(header);
    for (const required of ['sampleName', 'sampleType', 'component', 'calculated'] as const) {
      if (col[required] < 0) throw new ParseError(`results table has no "${HEADERS[required].source}" column`, headerRecord.line);
    }
    const body = records.filter((r) => r.cells.some((cell) => cell.trim() !== ''));
    const decimalComma = usesDecimalComma(body, [col.calculated, col.area, col.rt, col.actual]);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    for (const record of body) {
      if (record.cells.length !== header.length) {
        throw new ParseError(`row has ${record.cells.length} cells, the header ${header.length} (truncated or malformed row)`, record.line);
      }
      const cell = (index: number) => (index >= 0 ? record.cells[index].trim() : '');
      const component = cell(col.component);
      if (isInternalStandard(component, cell(col.group), cell(col.isFlag))) {
        skipped.push({ line: record.line, reason: `internal standard ${component}` });
        continue;
      }
      const label = cell(col.sampleId) || cell(col.sampleName);
      if (!label || !component) {
        skipped.push({ line: record.line, reason: 'row without a sample or component name' });
        continue;
      }
      const role = roleOf(cell(col.sampleType), label, warnings, record.line);
      const read = readCalculated(cell(col.calculated), cell(col.area), cell(col.rt), decimalComma);
      const numeric = (index: number) => (index >= 0 ? readDecimal(cell(index), { decimalComma }) : undefined);
      const expected = role.kind === 'calibration' || role.kind === 'check_standard' || role.kind === 'spike' ? numeric(col.actual) : undefined;
      rows.push({
        line: record.line,
        sampleRef: role.ref,
        analyte: component,
        ...(read.value !== undefined ? { value: read.value } : {}),
        ...(read.qualifier ? { qualifier: read.qualifier } : {}),
        raw: read.raw,
        ...present('unit', cell(col.units)),
        ...present('lod', numeric(col.lod)),
        ...present('loq', numeric(col.loq)),
        ...present('dilution', numeric(col.dilution)),
        kind: role.kind,
        ...present('expected', expected),
        ...(read.flags.length ? { flags: read.flags } : {}),
      });
    }
    return { format: 'sciex-multiquant', meta: readMeta(body, col, warnings), rows, skipped, warnings };
  },
};

function readTabRecords(text: string): TabRecord[] {
  const parsed = parse(text, {
    delimiter: '\t',
    quote: false,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return parsed.map(({ record, info }) => ({ line: info.lines, cells: record }));
}

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

function roleOf(type: string, label: string, warnings: string[], line: number): { kind: RowKind; ref: string } {
  switch (type.toLowerCase()) {
    case 'unknown':
      return roleFromLabel(label);
    case 'blank':
    case 'double blank':
    case 'solvent':
      return { kind: 'blank', ref: label };
    case 'standard':
      return { kind: 'calibration', ref: label };
    case 'quality control': {
      const role = roleFromLabel(label);
      return role.kind === 'spike' ? role : { kind: 'check_standard', ref: label };
    }
    default:
      warnings.push(`line ${line}: unfamiliar Sample Type "${type}", role taken from the sample name`);
      return roleFromLabel(label);
  }
}

/** QC roles the lab writes into sample ids ("LT-2611-000123 MS", "LT-2611-000124 DUP"). */
function roleFromLabel(label: string): { kind: RowKind; ref: string } {
  const spike = /[\s_-]*\b(MSD|MS|SPK|SPIKE)\d*$/i;
  const duplicate = /[\s_-]*\b(DUP|DUPLICATE)\d*$/i;
  if (spike.test(label)) return { kind: 'spike', ref: label.replace(spike, '') };
  if (duplicate.test(label)) return { kind: 'duplicate', ref: label.replace(duplicate, '') };
  if (/\b(BLANK|BLK|MB)\b/i.test(label)) return { kind: 'blank', ref: label };
  if (/\b(CCV|ICV|LCS|CHK|CHECK)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  return { kind: 'sample', ref: label };
}

/** A European Windows locale writes "12,66"; decide once per file from its numeric columns. */
function usesDecimalComma(records: TabRecord[], columns: number[]): boolean {
  let comma = false;
  for (const { cells } of records) {
    for (const index of columns) {
      const t = index >= 0 ? (cells[index] ?? '').trim() : '';
      if (/^-?\d+\.\d+$/.test(t)) return false;
      if (/^-?\d+,\d+$/.test(t)) comma = true;
    }
  }
  return comma;
}

function readMeta(records: TabRecord[], col: Record<Column, number>, warnings: string[]): ParsedFileMeta {
  const distinct = (index: number) =>
    index < 0 ? [] : [...new Set(records.map((r) => (r.cells[index] ?? '').trim()).filter(Boolean))];
  const meta: ParsedFileMeta = {};
  const methods = distinct(col.method);
  if (methods.length) meta.method = methods[0];
  if (methods.length > 1) warnings.push(`rows come from ${methods.length} acquisition methods: ${methods.join(', ')}`);
  const files = distinct(col.file);
  if (files.length === 1) meta.batch = files[0];
  const acquired = distinct(col.acquired).map(toIsoDateTime).filter((d): d is string => d !== undefined).sort();
  if (acquired.length) meta.acquiredAt = acquired[0];
  return meta;
}

/** "5/14/2024 1:02:14 PM" as local ISO time. */
function toIsoDateTime(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(text.trim());
  if (!m) return undefined;
  const hour = m[7] ? (Number(m[4]) % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0) : Number(m[4]);
  const two = (n: string | number) => String(n).padStart(2, '0');
  return `${m[3]}-${two(m[1])}-${two(m[2])}T${two(hour)}:${m[5]}:${two(m[6] ?? '00')}`;
}

function present<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}
