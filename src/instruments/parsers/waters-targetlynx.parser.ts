import { readDecimal, readResultCell } from './cell-values';
import { CsvRecord, isBlankRecord, readDelimitedRecords, TAB_SEPARATED_REPORT } from './csv-records';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { ResultTypeRole, roleFromSampleType, SampleTypeColumn, wordTable } from './row-kinds';
import { readMonthNameDate, withClock } from './vendor-dates';

/**
 * Waters MassLynx TargetLynx "Quantify Compound Summary Report" exported as text: tab separated,
 * one block per compound, each with a header row (`#`/empty, `Name`, ...) and one row per injection,
 * the first cell a running index. Blocks are found from that header row, not from their title. The concentration column is titled "Conc." or, when the method
 * sets one, by its unit ("ug/kg", "ppb"), which is then the unit of every value in it.
 */

interface Columns {
  width: number;
  name: number;
  id: number;
  type: number;
  stdConc: number;
  rt: number;
  area: number;
  conc: number;
  unit?: string;
  date: number;
  time: number;
}

interface Block {
  analyte: string;
  line: number;
  columns?: Columns;
  rows: CsvRecord[];
}

/**
 * A block's column header row: `\tName\t…` or `#\tName\t…`, or (MassLynx 4.2 "Complete Summary"
 * exports, one more leading column) `\t#\tName\t…`.
 */
const HEADER_ROW = /^(\t?#)?\tName\t/m;
/** "Compound 2:  Ochratoxin A" or "Compound 2:"; group 2 is the name, possibly empty. */
const COMPOUND_TITLE = /^Compound\s+(\d+)\s*:(.*)$/;
const UNIT_TITLE = /^(ppb|ppm|ppt|[pnuµm]g\/(k?g|[mu]?l)|[pnuµm]M|pg\/?ul)$/i;
/** Isotope-labelled or declared internal standards are reported as compounds too; they are not results. */
const INTERNAL_STANDARD = /(^|[\s(-])(13C|15N)\d*([\s)-]|$)|-d\d{1,2}\b|\bISTD\b|\(IS\)|internal standard/i;

const SAMPLE_TYPE: SampleTypeColumn<ResultTypeRole> = {
  title: 'Type',
  roles: wordTable({
    // Reports whose sample list sets no type print the column empty.
    '': 'from_name',
    blank: 'blank',
    standard: 'calibration',
    qc: 'qc',
    analyte: 'from_name',
  }),
  key: (type) => type.toLowerCase(),
  label: { calibrationBlankNames: false, calibrationPrefix: false },
};

export const watersTargetLynxParser: InstrumentParser = {
  format: 'waters-targetlynx',
  label: 'Waters TargetLynx Quantify Compound Summary Report',

  detect(text: string): boolean {
    return /^[ \t]*Quantify Compound Summary Report/m.test(text) && HEADER_ROW.test(text);
  },

  parse(text: string): ParseResult {
    const records = readDelimitedRecords(text, TAB_SEPARATED_REPORT);
    const warnings: string[] = [];
    const blocks = readBlocks(records, warnings);
    if (blocks.length === 0) throw new ParseError('no compound block found: no column header row starting with "Name"', records.at(-1)?.line ?? 1);

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const injections = blocks[0].rows.length;
    for (const block of blocks) {
      const columns = block.columns;
      if (!columns) throw new ParseError(`compound "${block.analyte}" has no table (truncated report?)`, block.line);
      if (block.rows.length !== injections) {
        const at = block.rows.at(-1)?.line ?? block.line;
        throw new ParseError(`compound "${block.analyte}" lists ${block.rows.length} injections, the first compound ${injections} (truncated report?)`, at);
      }
      if (INTERNAL_STANDARD.test(block.analyte)) {
        for (const record of block.rows) skipped.push({ line: record.line, reason: `internal standard ${block.analyte}` });
        continue;
      }
      for (const record of block.rows) rows.push(readRow(record, block.analyte, columns, warnings));
    }
    // A quantify method without calibration prints peaks (RT, area) but leaves every concentration empty.
    if (rows.length > 0 && rows.every((row) => row.value === undefined && row.raw === '')) {
      warnings.push('the report holds no concentrations: every concentration cell is empty (is the quantify method calibrated?)');
    }
    return { format: 'waters-targetlynx', meta: readMeta(records, blocks), rows, skipped, warnings };
  },
};

/**
 * Blocks start at their column header row (first cell empty or "#", then "Name"), whatever the title
 * above says: "Compound 1:  Aflatoxin B1", the bare name "Aflatoxin B1", or "Compound 2:" with no name.
 */
function readBlocks(records: CsvRecord[], warnings: string[]): Block[] {
  const blocks: Block[] = [];
  let block: Block | undefined;
  let title: { text: string; line: number } | undefined;
  for (const record of records) {
    const first = (record.cells[0] ?? '').trim();
    if (isBlankRecord(record.cells)) continue;
    if (isHeaderRow(record)) {
      block = { analyte: blockAnalyte(title, blocks.length + 1, record.line, warnings), line: title?.line ?? record.line, rows: [] };
      block.columns = readColumns(record);
      blocks.push(block);
      title = undefined;
      continue;
    }
    if (block && !title && /^\d+$/.test(first)) {
      if (record.cells.length < (block.columns as Columns).width) {
        throw new ParseError(`row has ${record.cells.length} cells, the header ${(block.columns as Columns).width} (truncated row)`, record.line);
      }
      block.rows.push(record);
      continue;
    }
    if (isTitleLine(record)) {
      title = { text: first, line: record.line };
      continue;
    }
    if (block) throw new ParseError(`unexpected line inside compound "${block.analyte}"`, record.line);
  }
  if (title && COMPOUND_TITLE.test(title.text)) {
    throw new ParseError(`compound "${title.text}" has no table (truncated report?)`, title.line);
  }
  return blocks;
}

function isHeaderRow(record: CsvRecord): boolean {
  const [first, second, third] = record.cells.slice(0, 3).map((cell) => cell.trim());
  return ((first === '' || first === '#') && second === 'Name') || (first === '' && second === '#' && third === 'Name');
}

/** One text cell and nothing else; the report's own title and its "Printed ..." line are not compound titles. */
function isTitleLine(record: CsvRecord): boolean {
  const first = (record.cells[0] ?? '').trim();
  if (!first || record.cells.slice(1).some((cell) => cell.trim() !== '')) return false;
  return !/^Quantify Compound Summary Report/.test(first) && !/^Printed\b/.test(first);
}

function blockAnalyte(title: { text: string; line: number } | undefined, ordinal: number, headerLine: number, warnings: string[]): string {
  const text = title?.text ?? '';
  const numbered = COMPOUND_TITLE.exec(text);
  const name = numbered ? numbered[2].trim() : text;
  if (name) return name;
  const label = numbered ? `Compound ${numbered[1]}` : `Compound ${ordinal}`;
  warnings.push(`line ${title?.line ?? headerLine}: the block has no compound name; its rows are named "${label}"`);
  return label;
}

function readColumns(record: CsvRecord): Columns {
  const header = record.cells.map((cell) => cell.trim());
  const at = (...names: string[]) => header.findIndex((h) => names.includes(h));
  let conc = at('Conc.', 'Conc');
  const unit = conc < 0 ? header.find((h) => UNIT_TITLE.test(h)) : undefined;
  if (unit) conc = header.indexOf(unit);
  const columns: Columns = {
    width: header.length,
    name: at('Name'),
    id: at('ID', 'Sample Text'),
    type: at('Type'),
    stdConc: at('Std. Conc', 'Std. Conc.', 'Std.Conc'),
    rt: at('RT'),
    area: at('Area'),
    conc,
    ...(unit ? { unit } : {}),
    date: at('Acq.Date', 'Acq. Date'),
    time: at('Acq.Time', 'Acq. Time'),
  };
  if (columns.name < 0 || columns.type < 0 || columns.conc < 0) {
    throw new ParseError('compound table header lacks Name, Type or a concentration column', record.line);
  }
  return columns;
}

function readRow(record: CsvRecord, analyte: string, columns: Columns, warnings: string[]): ParsedRow {
  const cell = (index: number) => (index >= 0 ? (record.cells[index] ?? '').trim() : '');
  const label = cell(columns.id) || cell(columns.name);
  const role = roleFromSampleType(SAMPLE_TYPE, cell(columns.type), label, warnings, record.line);
  const read = readResultCell(cell(columns.conc));
  // An empty concentration with no retention time and no area: the peak was looked for and not found.
  if (read.qualifier && read.raw === '' && cell(columns.rt) === '' && cell(columns.area) === '') read.qualifier = 'ND';
  const expected = role.kind === 'sample' || role.kind === 'duplicate' || role.kind === 'blank' ? undefined : readDecimal(cell(columns.stdConc));
  return {
    line: record.line,
    sampleRef: role.ref,
    analyte,
    ...resultFields(read),
    ...presentField('unit', columns.unit),
    kind: role.kind,
    ...(expected !== undefined ? { expected } : {}),
    ...flagsField(read.flags),
  };
}

function readMeta(records: CsvRecord[], blocks: Block[]): ParsedFileMeta {
  const meta: ParsedFileMeta = {};
  const dataset = records.find((r) => /^Dataset\s*:/.test(r.cells[0] ?? ''));
  const datasetPath = dataset ? (dataset.cells[1] ?? dataset.cells[0].replace(/^Dataset\s*:/, '')).trim() : '';
  const batch = datasetPath.split(/[\\/]/).pop();
  if (batch) meta.batch = batch;
  const first = blocks[0];
  const columns = first?.columns;
  const row = first?.rows[0];
  if (columns && row && columns.date >= 0) {
    // MassLynx prints "14-May-24" and "09:02:11" in separate columns.
    const acquiredAt = withClock(readMonthNameDate(row.cells[columns.date]), columns.time >= 0 ? row.cells[columns.time] : undefined);
    if (acquiredAt) meta.acquiredAt = acquiredAt;
  }
  return meta;
}
