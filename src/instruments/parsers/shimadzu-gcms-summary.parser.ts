import { readDecimal, readResultCell } from './cell-values';
import { expectRecordWidth, isBlankRecord, readCsvRecords } from './csv-records';
import { InstrumentParser, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { wordTable } from './row-kinds';

/**
 * Shimadzu GCMSsolution / LabSolutions GCMS compound summary, tab separated: a line holding only
 * the compound name opens a block; one line per data file (.qgd) follows, then statistic rows
 * (Average, %RSD, Maximum, Minimum, Std. Dev.) that are not results; an empty line closes it.
 * The export seen in the wild has no column header: data file, sample id, -, concentration, ...,
 * sample type (11th column). A header line, when present, is used instead of those positions.
 */

const POSITIONAL: Columns = { sample: 1, value: 3, type: 10 };

const SUMMARY_LABELS = ['average', 'mean', '%rsd', 'rsd', 'rsd%', 'maximum', 'max', 'minimum', 'min', 'std. dev.', 'std.dev.', 'sd', 'std dev'];

const SAMPLE_TYPES = wordTable<RowKind>({
  unknown: 'sample',
  standard: 'calibration',
  blank: 'blank',
  control: 'check_standard',
  qc: 'check_standard',
  spike: 'spike',
  duplicate: 'duplicate',
});

const HEADER_FIRST_CELL = /^(data ?file ?name|data ?file|file ?name)$/i;

interface Columns {
  sample: number;
  value: number;
  type?: number;
  unit?: number;
  dilution?: number;
}

export const shimadzuGcmsSummaryParser: InstrumentParser = {
  format: 'shimadzu-gcms-summary',
  label: 'Shimadzu GCMS compound summary (tab separated)',

  detect(text: string): boolean {
    if (/^\[Header\]/m.test(text) || !text.includes('\t')) return false;
    return /^[^\t\n]*\.qgd\t/im.test(text) || (/^Average\t/m.test(text) && /^%RSD\t/m.test(text));
  },

  parse(text: string): ParseResult {
    const records = readCsvRecords(text, '\t');
    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    let columns = POSITIONAL;
    let width: number | undefined;
    let compound: string | undefined;
    const block = { lines: 0, summaries: 0, lastLine: 0 };
    let anyBlockHadSummaries = false;

    for (const { cells, line } of records) {
      if (isBlankRecord(cells)) {
        compound = undefined;
        continue;
      }
      const first = cells[0].trim();
      if (cells.slice(1).every((cell) => cell.trim() === '') && !SUMMARY_LABELS.includes(first.toLowerCase())) {
        if (/\.qgd$/i.test(first)) throw new ParseError(`result line for ${first} is cut off`, line);
        anyBlockHadSummaries ||= block.summaries > 0;
        Object.assign(block, { lines: 0, summaries: 0, lastLine: line });
        compound = first;
        continue;
      }
      block.lines++;
      block.lastLine = line;
      width ??= cells.length;
      expectRecordWidth(cells, width, line);
      if (HEADER_FIRST_CELL.test(first)) {
        columns = readHeader(cells, line);
        skipped.push({ line, reason: 'column header' });
        continue;
      }
      if (SUMMARY_LABELS.includes(first.toLowerCase())) {
        block.summaries++;
        skipped.push({ line, reason: `summary row "${first}"${compound ? ` for ${compound}` : ''}, not a result` });
        continue;
      }
      if (!compound) throw new ParseError('result line before any compound name', line);
      // A row narrower than the columns read from it (found by the parser fuzz tests): refused, not a crash.
      const needed = Math.max(...Object.values(columns).filter((i): i is number => i !== undefined)) + 1;
      if (cells.length < needed) throw new ParseError(`expected at least ${needed} cells, found ${cells.length} (truncated or malformed row)`, line);

      const sampleRef = cells[columns.sample].trim();
      const typeText = columns.type === undefined ? '' : cells[columns.type].trim();
      const kind = typeText ? SAMPLE_TYPES.get(typeText.toLowerCase()) : 'sample';
      if (!sampleRef) {
        skipped.push({ line, reason: `data file ${first} has no sample id` });
        continue;
      }
      if (!kind) {
        skipped.push({ line, reason: `sample type "${typeText}" is not a result or QC type` });
        warnings.push(`line ${line}: ${sampleRef} has sample type "${typeText}" and was not imported`);
        continue;
      }
      rows.push(resultRow(cells, line, sampleRef, compound, kind, columns));
    }
    // The file ends inside a block: a compound with no lines, or without the statistics the others had.
    if (compound !== undefined && (block.lines === 0 || (anyBlockHadSummaries && block.summaries === 0))) {
      throw new ParseError(`the block for ${compound} ends early (truncated file?)`, block.lastLine);
    }
    return { format: 'shimadzu-gcms-summary', meta: {}, rows, skipped, warnings };
  },
};

function resultRow(cells: string[], line: number, sampleRef: string, analyte: string, kind: RowKind, columns: Columns): ParsedRow {
  const read = readResultCell(cells[columns.value]);
  const row: ParsedRow = { line, sampleRef, analyte, raw: read.raw, kind };
  if (read.value !== undefined) row.value = read.value;
  if (read.qualifier) row.qualifier = read.qualifier;
  const unit = columns.unit === undefined ? '' : cells[columns.unit].trim();
  if (unit) row.unit = unit;
  const dilution = columns.dilution === undefined ? undefined : readDecimal(cells[columns.dilution]);
  if (dilution !== undefined) row.dilution = dilution;
  if (read.flags.length) row.flags = read.flags;
  return row;
}

function readHeader(cells: string[], line: number): Columns {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const find = (...candidates: string[]) => {
    const index = names.findIndex((name) => candidates.includes(name));
    return index >= 0 ? index : undefined;
  };
  const sample = find('sample id', 'sample name');
  const value = find('conc.', 'conc', 'concentration');
  if (sample === undefined || value === undefined) {
    throw new ParseError('column header lacks a sample id or concentration column', line);
  }
  return {
    sample,
    value,
    type: find('sample type', 'type'),
    unit: find('unit', 'units'),
    dilution: find('dil. factor', 'dilution factor', 'dilution'),
  };
}
