import { readConcUnit, readElementHeader } from '../parsing/linear-headers';
import { readDecimal, readResultCell, ResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readDelimitedRecords } from './csv-records';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { roleFromSampleType, SampleTypeColumn, wordTable } from './row-kinds';
import { readDayFirstSlashDateTime, readUsDateTime, readYearFirstDateTime } from './vendor-dates';

/**
 * Agilent ICP-MS MassHunter batch table exported as CSV. Wide, two header rows: the first labels
 * column groups ("Sample", then one group per measured mass such as "75 -> 91  As  [ O2 ]" or
 * "111  Cd  [ He ]", and internal-standard groups "72  Ge ( ISTD )  [ He ]"), each label sitting over
 * the group's first column; the second names the columns inside ("Conc. [ ug/l ]" carries the unit).
 * Negative concentrations may be printed as "<0.000". Excel in a French or German locale saves the
 * same table with ";" between cells, "FAUX"/"FALSE" in the Rjct column and day-first dates.
 */

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

/** An empty Rjct cell, or the unticked box as Excel writes it in English, French or German. */
const NOT_REJECTED = /^(|false|faux|falsch|0)$/i;

/** MassHunter sample types, compared without case, spaces, "_" or "-"; QC names also mark roles ("CCB"). */
const SAMPLE_TYPE: SampleTypeColumn = {
  title: 'Type',
  roles: wordTable({
    sample: 'from_name',
    '': 'from_name',
    calblk: 'calibration',
    calstd: 'calibration',
    blkvrfy: 'blank',
    ccb: 'blank',
    icb: 'blank',
    qc: 'qc',
    ccv: 'qc',
    icv: 'qc',
    spike: 'spike',
    spikeref: 'sample',
    dilref: 'sample',
    dup: 'duplicate',
    duplicate: 'duplicate',
    tunecheck: 'not_a_result',
    istdcheck: 'not_a_result',
    rinse: 'not_a_result',
  }),
  key: (type) => type.toLowerCase().replace(/[\s_-]/g, ''),
  label: { calibrationBlankNames: true, calibrationPrefix: false },
};

export const agilentIcpmsMassHunterParser: InstrumentParser = {
  format: 'agilent-icpms-masshunter',
  label: 'Agilent ICP-MS MassHunter batch table CSV',

  detect(text: string): boolean {
    const [groups = '', columns = ''] = text.split('\n', 2);
    return (
      /^"?Sample"?[,;]/.test(groups) &&
      /[,;]"?\s*\d{1,3}(\s*->\s*\d{1,3})?\s+[A-Z][a-z]?\s+(\(\s*ISTD\s*\)\s*)?\[/.test(groups) &&
      /(^|[,;])"?Data File"?[,;]/.test(columns) &&
      /(^|[,;])"?Conc\. \[/.test(columns)
    );
  },

  parse(text: string): ParseResult {
    // A stray quote is an error and empty lines are records, so the header rows are the first two lines.
    const delimiter = /^"?Sample"?;/.test(text) ? ';' : ',';
    const records = readDelimitedRecords(text, { delimiter, emptyLines: 'keep', quotes: 'strict' });
    if (records.length < 2) throw new ParseError('missing the two header rows', records[0]?.line ?? 1);
    const warnings: string[] = [];
    const layout = readLayout(records[0], records[1], warnings);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const acquired: string[] = [];
    const readAcquired = acquiredReader(layout.acquired >= 0 ? records.slice(2).map((r) => r.cells[layout.acquired] ?? '') : []);
    for (const { line, cells } of records.slice(2)) {
      if (isBlankRecord(cells)) continue;
      if (cells.length < layout.width) {
        throw new ParseError(`row has ${cells.length} cells, the header ${layout.width} (truncated or malformed row)`, line);
      }
      const label = cells[layout.name].trim();
      const role = label ? roleFromSampleType(SAMPLE_TYPE, cells[layout.type].trim(), label, warnings, line) : undefined;
      if (!role) {
        skipped.push({ line, reason: label ? `sample type "${cells[layout.type].trim()}" is not a result or QC type` : 'row without a Sample Name' });
        continue;
      }
      const when = layout.acquired >= 0 ? readAcquired(cells[layout.acquired]) : undefined;
      if (when) acquired.push(when);
      const dilution = layout.dilution >= 0 ? readDecimal(cells[layout.dilution]) : undefined;
      const rejected = layout.reject >= 0 && !NOT_REJECTED.test(cells[layout.reject].trim());
      for (const element of layout.elements) {
        const read = readConcentration(cells[element.conc]);
        const flags = rejected ? [...read.flags, 'rejected in MassHunter'] : read.flags;
        rows.push({
          line,
          sampleRef: role.ref,
          analyte: element.analyte,
          ...resultFields(read),
          unit: element.unit,
          ...presentField('dilution', dilution),
          kind: role.kind,
          ...flagsField(flags),
        });
      }
    }
    const samples = rows.filter((row) => row.kind === 'sample');
    // A batch exported before its samples were quantified prints their counts and leaves Conc. empty.
    if (samples.length > 0 && samples.every((row) => row.raw === '')) {
      warnings.push('no sample run has a concentration: only counts (CPS) were exported for the samples; export the batch after quantitation');
    }
    acquired.sort();
    const meta: ParsedFileMeta = acquired.length ? { acquiredAt: acquired[0] } : {};
    return { format: 'agilent-icpms-masshunter', meta, rows, skipped, warnings };
  },
};

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
    // "75 -> 91  As  [He]", read in linear time (its regular expression backtracked cubically on long cells).
    const header = readElementHeader(group.label);
    if (!header || header.istd) return [];
    return [{ group, mass: header.shiftedMass ? `${header.mass} -> ${header.shiftedMass}` : header.mass, symbol: header.symbol }];
  });
  const symbolCount = new Map<string, number>();
  for (const { symbol } of measured) symbolCount.set(symbol, (symbolCount.get(symbol) ?? 0) + 1);

  const elements: ElementColumns[] = [];
  for (const { group, mass, symbol } of measured) {
    let conc = -1;
    let unit = '';
    for (let i = group.start; i < group.end; i++) {
      const concUnit = readConcUnit(columns[i] ?? '');
      if (concUnit !== undefined) [conc, unit] = [i, concUnit];
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

/**
 * "5/14/2024 1:02 PM" (US locale), "2024-05-14 13:02:09", or "19/12/2018 10:42" when the file is
 * day-first: a slash date whose first number is above 12 anywhere in the column decides for all.
 */
function acquiredReader(cells: string[]): (cell: string) => string | undefined {
  const dayFirst = cells.some((cell) => Number(/^\s*(\d{1,2})\//.exec(cell)?.[1] ?? 0) > 12);
  return (cell) => (dayFirst ? readDayFirstSlashDateTime(cell) : readUsDateTime(cell)) ?? readYearFirstDateTime(cell);
}
