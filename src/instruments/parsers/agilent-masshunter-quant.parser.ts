import { isLineTerminator, isSpace } from '../../common/parsing/linear-text';
import { detectLongTable, parseLongTable } from './agilent-masshunter-long-table';
import { readDecimal, readResultCell } from './cell-values';
import { expectRecordWidth, isBlankRecord, readCsvRecords } from './csv-records';
import { InstrumentParser, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { wordTable } from './row-kinds';
import { splitLines } from './text-input';
import { readUsDateTime } from './vendor-dates';

/**
 * Agilent MassHunter Quantitative Analysis batch table exported as CSV. Wide: one row per
 * injection, two header rows. The first names column groups ("Sample", "<compound> Method",
 * "<compound> Results", "Qualifier (m/z -> m/z) Results", "<ISTD> (ISTD) Results"), each group
 * label sitting over its first column; the second names the columns inside the group. The long
 * compound table is read by `agilent-masshunter-long-table.ts`.
 */

const SAMPLE_TYPES = wordTable<RowKind>({
  sample: 'sample',
  blank: 'blank',
  doubleblank: 'blank',
  matrixblank: 'blank',
  solventblank: 'blank',
  cal: 'calibration',
  matrix: 'spike',
  matrixspike: 'spike',
  matrixdup: 'duplicate',
  matrixspikedup: 'duplicate',
  qc: 'check_standard',
  cc: 'check_standard',
  responsecheck: 'check_standard',
});

/** Kinds whose Exp. Conc. is a target the import judges recovery against. */
const KINDS_WITH_EXPECTED: RowKind[] = ['calibration', 'spike', 'duplicate', 'check_standard'];

interface CompoundColumns {
  analyte: string;
  result: number;
  retentionTime?: number;
  expConc?: number;
}

interface CompoundHeaders {
  analyte: string;
  retentionTime?: number;
  finalConc?: number;
  calcConc?: number;
  expConc?: number;
}

interface Layout {
  width: number;
  name: number;
  type: number;
  acquired?: number;
  dilution?: number;
  compounds: CompoundColumns[];
}

export const agilentMassHunterQuantParser: InstrumentParser = {
  format: 'agilent-masshunter-quant',
  label: 'Agilent MassHunter Quantitative Analysis CSV',

  detect(text: string): boolean {
    if (detectLongTable(text)) return true;
    const [groups = '', columns = ''] = splitLines(text).filter((line) => line.trim() !== '');
    return /^"?Sample"?,/.test(groups) && / (Results|Method)"?(,|$)/.test(groups) && /(^|,)"?Data File"?(,|$)/.test(columns);
  },

  parse(text: string): ParseResult {
    // The long compound table (one row per injection and compound) is the other layout MassHunter exports.
    if (detectLongTable(text)) return parseLongTable(text);
    const records = readCsvRecords(text);
    if (records.length < 2) throw new ParseError('missing the two header rows', records[0]?.line ?? 1);
    const layout = readLayout(records[0].cells, records[1].cells, records[1].line);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    const acquired: string[] = [];
    for (const { cells, line } of records.slice(2)) {
      if (isBlankRecord(cells)) continue;
      expectRecordWidth(cells, layout.width, line);
      const sampleRef = cells[layout.name].trim();
      const typeText = cells[layout.type].trim();
      const kind = SAMPLE_TYPES.get(typeText.toLowerCase().replace(/\s+/g, ''));
      if (!sampleRef) {
        skipped.push({ line, reason: 'injection without a sample name' });
        continue;
      }
      if (!kind) {
        skipped.push({ line, reason: `sample type "${typeText}" is not a result or QC type` });
        warnings.push(`line ${line}: ${sampleRef} has sample type "${typeText}" and was not imported`);
        continue;
      }
      if (layout.acquired !== undefined) {
        // MassHunter writes the US month/day order ("2/28/2019 12:14 AM").
        const iso = readUsDateTime(cells[layout.acquired], { rejectOutOfRange: true });
        if (iso) acquired.push(iso);
        else if (cells[layout.acquired].trim()) warnings.push(`line ${line}: unreadable Acq. Date-Time "${cells[layout.acquired]}"`);
      }
      const dilution = layout.dilution === undefined ? undefined : readDecimal(cells[layout.dilution]);
      for (const compound of layout.compounds) {
        rows.push(compoundRow(cells, line, sampleRef, kind, compound, dilution));
      }
    }
    acquired.sort();
    const meta = acquired.length ? { acquiredAt: acquired[0] } : {};
    return { format: 'agilent-masshunter-quant', meta, rows, skipped, warnings };
  },
};

function compoundRow(cells: string[], line: number, sampleRef: string, kind: RowKind, compound: CompoundColumns, dilution: string | undefined): ParsedRow {
  const read = readResultCell(cells[compound.result]);
  // An empty result with no retention time is MassHunter's "no peak found": not detected.
  if (read.raw === '' && compound.retentionTime !== undefined && cells[compound.retentionTime].trim() === '') {
    read.qualifier = 'ND';
    read.flags.push('no_peak');
  }
  const row: ParsedRow = { line, sampleRef, analyte: compound.analyte, raw: read.raw, kind };
  if (read.value !== undefined) row.value = read.value;
  if (read.qualifier) row.qualifier = read.qualifier;
  if (dilution !== undefined) row.dilution = dilution;
  if (compound.expConc !== undefined && KINDS_WITH_EXPECTED.includes(kind)) {
    const expected = readDecimal(cells[compound.expConc]);
    if (expected !== undefined) row.expected = expected;
  }
  if (read.flags.length) row.flags = read.flags;
  return row;
}

function readLayout(groupCells: string[], columnCells: string[], headerLine: number): Layout {
  const width = columnCells.length;
  const groups: string[] = [];
  let current = '';
  for (let i = 0; i < width; i++) {
    current = groupCells[i]?.trim() || current;
    groups.push(current);
  }
  const names = columnCells.map((cell) => cell.trim());
  const sampleColumn = (name: string) => {
    const index = names.findIndex((n, i) => n === name && groups[i] === 'Sample');
    return index >= 0 ? index : undefined;
  };
  const name = sampleColumn('Name');
  const type = sampleColumn('Type');
  if (name === undefined || type === undefined) {
    throw new ParseError('the Sample group lacks a Name or Type column', headerLine);
  }

  const byAnalyte = new Map<string, CompoundHeaders>();
  groups.forEach((group, i) => {
    const match = compoundGroup(group);
    // Qualifier ions and internal standards are not reportable analytes.
    if (!match || /^Qualifier\b/.test(match[1]) || /\(ISTD\)/i.test(match[1])) return;
    const analyte = match[1];
    const compound = byAnalyte.get(analyte) ?? { analyte };
    byAnalyte.set(analyte, compound);
    if (names[i] === 'Final Conc.') compound.finalConc = i;
    else if (names[i] === 'Calc. Conc.') compound.calcConc = i;
    else if (names[i] === 'Exp. Conc.') compound.expConc = i;
    else if (names[i] === 'RT' && match[2] === 'Results') compound.retentionTime = i;
  });
  const compounds: CompoundColumns[] = [];
  for (const { analyte, finalConc, calcConc, ...rest } of byAnalyte.values()) {
    // Final Conc. carries the dilution and sample-amount corrections; Calc. Conc. is on-column.
    const result = finalConc ?? calcConc;
    if (result !== undefined) compounds.push({ analyte, result, ...rest });
  }
  // Claimed by its layout, refused for what it lacks: a batch table of peak areas has no amounts to import.
  if (!compounds.length) {
    throw new ParseError(
      'not quantitative: no compound has a Final Conc. or Calc. Conc. column (peak areas only); add Final Conc. to the batch table and export again',
      headerLine,
    );
  }
  return {
    width,
    name,
    type,
    acquired: sampleColumn('Acq. Date-Time'),
    dilution: sampleColumn('Dil.'),
    compounds,
  };
}

/**
 * "<compound> Method" / "<compound> Results" as [, compound, word], what /^(.+?)\s+(Method|Results)$/
 * matched: read from the end, since that expression backtracked quadratically over a long run of spaces.
 */
export function compoundGroup(group: string): [string, string, string] | undefined {
  const word = ['Method', 'Results'].find((w) => group.endsWith(w));
  if (word === undefined) return undefined;
  const at = group.length - word.length;
  let start = at;
  while (start > 1 && isSpace(group.charCodeAt(start - 1))) start--;
  if (start === at) return undefined;
  for (let i = 0; i < start; i++) if (isLineTerminator(group.charCodeAt(i))) return undefined;
  return [group, group.slice(0, start), word];
}
