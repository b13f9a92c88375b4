import { parse } from 'csv-parse/sync';
import { readDecimal, readResultCell, ResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';

/**
 * Agilent ICP-MS MassHunter batch table exported as CSV. Wide, two header rows: the first labels
 * column groups ("Sample", then one group per measured mass such as "75 -> 91  As  [ O2 ]" or
 * "111  Cd  [ He ]", and internal-standard groups "72  Ge ( ISTD )  [ He ]"), each label sitting over
 * the group's first column; the second names the columns inside ("Conc. [ ug/l ]" carries the unit).
 * Negative concentrations may be printed as "<0.000".
 */

interface CsvRecord {
  line: number;
  cells: string[];
}

interface ElementColumns {
  analyte: string;
  conc: number;
  unit: string;
}

interface Layout {
  width: number;
  name: number;
  type: number;
  reject: number;
  dilution: number;
  acquired: number;
  elements: ElementColumns[];
}

const ELEMENT = /^(\d{1,3})(?:\s*->\s*(\d{1,3}))?\s+([A-Z][a-z]?)\s*(\(\s*ISTD\s*\))?\s*(?:\[\s*([^\]]*?)\s*\])?$/;
const CONC = /^Conc\.\s*\[\s*(.+?)\s*\]$/;

export const agilentIcpmsMassHunterParser: InstrumentParser = {
  format: 'agilent-icpms-masshunter',
  label: 'Agilent ICP-MS MassHunter batch table CSV',

  detect(text: string): boolean {
    const [groups = '', columns = ''] = text.split('\n', 2);
    return /^"?Sample"?,/.test(groups) && /,"?\s*\d{1,3}(\s*->\s*\d{1,3})?\s+[A-Z][a-z]?\s+(\(\s*ISTD\s*\)\s*)?\[/.test(groups) &&
      /(^|,)"?Data File"?,/.test(columns) && /(^|,)"?Conc\. \[/.test(columns);
  },

  parse(text: string): ParseResult {
    const records = readCsvRecords(text);
    if (records.length < 2) throw new ParseError('missing the two header rows', records[0]?.line ?? 1);
    const warnings: string[] = [];
    const layout = readLayout(records[0], records[1], warnings);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const acquired: string[] = [];
    for (const { line, cells } of records.slice(2)) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (cells.length < layout.width) {
        throw new ParseError(`row has ${cells.length} cells, the header ${layout.width} (truncated or malformed row)`, line);
      }
      const label = cells[layout.name].trim();
      const role = label ? roleOf(cells[layout.type].trim(), label, warnings, line) : undefined;
      if (!role) {
        skipped.push({ line, reason: label ? `sample type "${cells[layout.type].trim()}" is not a result or QC type` : 'row without a Sample Name' });
        continue;
      }
      const when = layout.acquired >= 0 ? toIsoDateTime(cells[layout.acquired]) : undefined;
      if (when) acquired.push(when);
      const dilution = layout.dilution >= 0 ? readDecimal(cells[layout.dilution]) : undefined;
      const rejected = layout.reject >= 0 && cells[layout.reject].trim() !== '';
      for (const element of layout.elements) {
        const read = readConcentration(cells[element.conc]);
        const flags = rejected ? [...read.flags, 'rejected in MassHunter'] : read.flags;
        rows.push({
          line,
          sampleRef: role.ref,
          analyte: element.analyte,
          ...(read.value !== undefined ? { value: read.value } : {}),
          ...(read.qualifier ? { qualifier: read.qualifier } : {}),
          raw: read.raw,
          unit: element.unit,
          ...(dilution ? { dilution } : {}),
          kind: role.kind,
          ...(flags.length ? { flags } : {}),
        });
      }
    }
    acquired.sort();
    const meta: ParsedFileMeta = acquired.length ? { acquiredAt: acquired[0] } : {};
    return { format: 'agilent-icpms-masshunter', meta, rows, skipped, warnings };
  },
};

/** Records with the 1-based line each starts on (a quoted cell may span lines). */
function readCsvRecords(text: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ParseError(`unreadable CSV: ${(error as Error).message}`, line);
  }
  let previousEnd = 0;
  return parsed.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, cells: record };
  });
}

function readLayout(groupRow: CsvRecord, columnRow: CsvRecord, warnings: string[]): Layout {
  const columns = columnRow.cells.map((cell) => cell.trim());
  const groups: { label: string; start: number; end: number }[] = [];
  groupRow.cells.forEach((cell, index) => {
    if (cell.trim() === '') return;
    if (groups.length) groups[groups.length - 1].end = index;
    groups.push({ label: cell.trim(), start: index, end: columns.length });
  });
  const sample = groups.find((g) => g.label === 'Sample');
  if (!sample) throw new ParseError('first header row has no "Sample" group', groupRow.line);
  const sampleColumn = (...names: string[]) => {
    for (let i = sample.start; i < sample.end; i++) if (names.includes(columns[i])) return i;
    return -1;
  };

  const measured = groups.flatMap((group) => {
    const match = ELEMENT.exec(group.label);
    if (!match || match[4]) return [];
    return [{ group, mass: match[2] ? `${match[1]} -> ${match[2]}` : match[1], symbol: match[3] }];
  });
  const symbolCount = new Map<string, number>();
  for (const { symbol } of measured) symbolCount.set(symbol, (symbolCount.get(symbol) ?? 0) + 1);

  const elements: ElementColumns[] = [];
  for (const { group, mass, symbol } of measured) {
    let conc = -1;
    let unit = '';
    for (let i = group.start; i < group.end; i++) {
      const match = CONC.exec(columns[i] ?? '');
      if (match) [conc, unit] = [i, match[1]];
    }
    if (conc < 0) {
      warnings.push(`"${group.label}" has no Conc. column; only counts were exported, so it gives no results`);
      continue;
    }
    const analyte = (symbolCount.get(symbol) ?? 0) > 1 ? `${symbol} (${mass})` : symbol;
    elements.push({ analyte, conc, unit });
  }
  const layout: Layout = {
    width: columns.length,
    name: sampleColumn('Sample Name'),
    type: sampleColumn('Type', 'Sample Type'),
    reject: sampleColumn('Rjct'),
    dilution: sampleColumn('Total Dil.', 'Dil.', 'Dilution'),
    acquired: sampleColumn('Acq. Date-Time'),
    elements,
  };
  if (layout.name < 0 || layout.type < 0) throw new ParseError('Sample group lacks Sample Name or Type', columnRow.line);
  if (elements.length === 0) throw new ParseError('no element with a Conc. column', columnRow.line);
  return layout;
}

function readConcentration(cell: string | undefined): ResultCell {
  const raw = (cell ?? '').trim();
  // The batch table can be set to print negative concentrations as "<0.000": below zero, not a number.
  if (/^<\s*0(\.0*)?$/.test(raw)) return { raw, qualifier: 'ND', flags: ['negative_value'] };
  return readResultCell(raw);
}

function roleOf(type: string, label: string, warnings: string[], line: number): { kind: RowKind; ref: string } | undefined {
  switch (type.toLowerCase().replace(/[\s_-]/g, '')) {
    case 'sample':
    case '':
      return roleFromLabel(label);
    case 'calblk':
    case 'calstd':
      return { kind: 'calibration', ref: label };
    case 'blkvrfy':
    case 'ccb':
    case 'icb':
      return { kind: 'blank', ref: label };
    case 'qc':
    case 'ccv':
    case 'icv': {
      const role = roleFromLabel(label);
      return role.kind === 'spike' ? role : { kind: 'check_standard', ref: label };
    }
    case 'spike':
      return { kind: 'spike', ref: roleFromLabel(label).ref };
    case 'spikeref':
    case 'dilref':
      return { kind: 'sample', ref: label };
    case 'dup':
    case 'duplicate':
      return { kind: 'duplicate', ref: roleFromLabel(label).ref };
    case 'tunecheck':
    case 'istdcheck':
    case 'rinse':
      return undefined;
    default:
      warnings.push(`line ${line}: unfamiliar Type "${type}", role taken from the sample name`);
      return roleFromLabel(label);
  }
}

/** QC roles the lab writes into sample names ("LT-2611-000123 MS", "LT-2611-000123 DUP", "CCB"). */
function roleFromLabel(label: string): { kind: RowKind; ref: string } {
  const spike = /[\s_-]*\b(MSD|MS|SPK|SPIKE)\d*$/i;
  const duplicate = /[\s_-]*\b(DUP|DUPLICATE)\d*$/i;
  if (spike.test(label)) return { kind: 'spike', ref: label.replace(spike, '') };
  if (duplicate.test(label)) return { kind: 'duplicate', ref: label.replace(duplicate, '') };
  if (/\b(BLANK|BLK|MB|CCB|ICB)\b/i.test(label)) return { kind: 'blank', ref: label };
  if (/\b(CCV|ICV|LCS|CHK|CHECK)\b/i.test(label)) return { kind: 'check_standard', ref: label };
  return { kind: 'sample', ref: label };
}

/** "5/14/2024 1:02 PM" (US locale) or "2024-05-14 13:02:09", as local ISO time. */
function toIsoDateTime(text: string | undefined): string | undefined {
  const t = (text ?? '').trim();
  const two = (n: string | number) => String(n).padStart(2, '0');
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(t);
  if (us) {
    const hour = us[7] ? (Number(us[4]) % 12) + (us[7].toUpperCase() === 'PM' ? 12 : 0) : Number(us[4]);
    return `${us[3]}-${two(us[1])}-${two(us[2])}T${two(hour)}:${us[5]}:${two(us[6] ?? '00')}`;
  }
  const isoLike = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (isoLike) return `${isoLike[1]}-${two(isoLike[2])}-${two(isoLike[3])}T${two(isoLike[4])}:${isoLike[5]}:${two(isoLike[6] ?? '00')}`;
  return undefined;
}
