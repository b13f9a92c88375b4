import Decimal from 'decimal.js';
import { readResultCell } from './cell-values';
import { CsvRecord, expectRecordWidth, isBlankRecord, readCsvRecords } from './csv-records';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { splitLines } from './text-input';
import { readMeridiemClock } from './vendor-dates';

/**
 * PerkinElmer WinLab32 / Syngistix report CSV: long, one row per sample and analyte ("As 75",
 * "Pb 208.220"), sample ids often with leading spaces. When the export carries a replicate column,
 * replicate rows precede the mean row they belong to; the mean is the reported result.
 */

/** Replicates spreading more than this fraction of the reported mean disagree. */
const REPLICATE_SPREAD_LIMIT = new Decimal('0.2');

const VALUE_COLUMNS = ['reported conc (samp)', 'reported conc (calib)', 'conc (samp)', 'conc (calib)', 'concentration'];
const REPLICATE_COLUMNS = ['replicate', 'replicate number', 'repl', 'rep'];
const REPORTED_MARKERS = ['', 'mean', 'average', 'avg', 'reported'];
const STATISTIC_MARKERS = ['sd', 'std dev', 'std. dev.', 'rsd', '%rsd', 'rsd%', 'rsd (%)'];

const META_COLUMNS: [keyof ParsedFileMeta, string[]][] = [
  ['method', ['method name', 'method']],
  ['batch', ['batch id', 'batch name', 'batch']],
  ['operator', ['operator', 'analyst', 'user']],
  ['instrument', ['instrument', 'instrument name']],
];

interface Columns {
  sample: number;
  analyte: number;
  value: number;
  unit?: number;
  replicate?: number;
  date?: number;
  time?: number;
}

interface Replicate {
  line: number;
  cell: string;
}

export const perkinElmerIcpParser: InstrumentParser = {
  format: 'perkinelmer-icp-csv',
  label: 'PerkinElmer WinLab32 / Syngistix report CSV',

  detect(text: string): boolean {
    const header = (splitLines(text).find((line) => line.trim() !== '') ?? '').toLowerCase();
    return /(^|,)"?sample id"?,/.test(header) && header.includes('analyte name') && /(reported )?conc \((samp|calib)\)/.test(header);
  },

  parse(text: string): ParseResult {
    const [header, ...records] = readCsvRecords(text);
    if (!header) throw new ParseError('empty file');
    const columns = readColumns(header);
    const meta: ParsedFileMeta = {};
    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    const dates: { date: string; time: string }[] = [];
    const pending = new Map<string, Replicate[]>();

    for (const { cells, line } of records) {
      if (isBlankRecord(cells)) continue;
      expectRecordWidth(cells, header.cells.length, line);
      const sampleRef = cells[columns.sample].trim();
      const analyte = cells[columns.analyte].trim();
      if (!sampleRef || !analyte) {
        skipped.push({ line, reason: sampleRef ? 'no analyte name' : 'no sample id' });
        continue;
      }
      readMeta(header, cells, meta);
      if (columns.date !== undefined) {
        const time = columns.time === undefined ? '' : cells[columns.time].trim();
        dates.push({ date: cells[columns.date].trim(), time });
      }

      const key = `${sampleRef}\u0000${analyte}`;
      const markerText = columns.replicate === undefined ? '' : cells[columns.replicate].trim();
      const marker = markerText.toLowerCase();
      if (/^\d+$/.test(marker)) {
        pending.set(key, [...(pending.get(key) ?? []), { line, cell: cells[columns.value] }]);
        skipped.push({ line, reason: `replicate ${marker} of ${sampleRef} ${analyte}; the mean row is the result` });
        continue;
      }
      if (STATISTIC_MARKERS.includes(marker)) {
        skipped.push({ line, reason: `replicate statistic "${markerText}" of ${sampleRef} ${analyte}` });
        continue;
      }
      if (!REPORTED_MARKERS.includes(marker)) {
        throw new ParseError(`unknown replicate marker "${markerText}"`, line);
      }
      rows.push(reportedRow(cells, line, sampleRef, analyte, columns, pending.get(key) ?? []));
      pending.delete(key);
    }
    const orphan = [...pending.values()].flat().sort((a, b) => a.line - b.line)[0];
    if (orphan) throw new ParseError('replicates without their mean row (truncated file?)', orphan.line);

    const acquiredAt = earliestAcquisition(dates, warnings);
    if (acquiredAt) meta.acquiredAt = acquiredAt;
    return { format: 'perkinelmer-icp-csv', meta, rows, skipped, warnings };
  },
};

function readColumns(header: CsvRecord): Columns {
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const find = (candidates: string[]) => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return undefined;
  };
  const sample = find(['sample id']);
  const analyte = find(['analyte name']);
  const value = find(VALUE_COLUMNS);
  if (sample === undefined || analyte === undefined || value === undefined) {
    throw new ParseError('header lacks Sample ID, Analyte Name or a Reported Conc column', header.line);
  }
  // The unit column that belongs to the value column, else whichever unit column the export has.
  const basis = /\((samp|calib)\)$/.exec(names[value])?.[1];
  const unit = find(basis ? [`units (${basis})`, 'units (samp)', 'units (calib)', 'units', 'unit'] : ['units', 'unit', 'units (samp)', 'units (calib)']);
  return { sample, analyte, value, unit, replicate: find(REPLICATE_COLUMNS), date: find(['date']), time: find(['time']) };
}

function reportedRow(cells: string[], line: number, sampleRef: string, analyte: string, columns: Columns, replicates: Replicate[]): ParsedRow {
  const read = readResultCell(cells[columns.value]);
  const row: ParsedRow = { line, sampleRef, analyte, raw: read.raw, kind: kindFromSampleId(sampleRef) };
  if (read.value !== undefined) row.value = read.value;
  if (read.qualifier) row.qualifier = read.qualifier;
  const unit = columns.unit === undefined ? '' : cells[columns.unit].trim();
  if (unit) row.unit = unit;
  const flags = [...read.flags];
  if (replicates.length > 1 && replicatesDisagree(replicates, read.value)) flags.push('replicate_disagreement');
  if (flags.length) row.flags = flags;
  return row;
}

/** Replicates disagree when one is a number and another is not, or their range exceeds the limit. */
function replicatesDisagree(replicates: Replicate[], reported: string | undefined): boolean {
  const reads = replicates.map((r) => readResultCell(r.cell));
  const numbers = reads.filter((r) => r.value !== undefined).map((r) => new Decimal(r.value as string));
  if (numbers.length !== reads.length) return numbers.length > 0;
  const mean = reported !== undefined ? new Decimal(reported) : Decimal.sum(...numbers).div(numbers.length);
  // At or below zero (a blank after subtraction) the relative spread is noise, not disagreement.
  if (!mean.isPositive() || mean.isZero()) return false;
  const spread = Decimal.max(...numbers).minus(Decimal.min(...numbers));
  return spread.div(mean.abs()).greaterThan(REPLICATE_SPREAD_LIMIT);
}

/** WinLab has no sample-type column in this export; QC rows are recognised by their conventional ids. */
function kindFromSampleId(sampleId: string): RowKind {
  const id = sampleId.toLowerCase();
  if (/^cal(ib(ration)?)?\b/.test(id)) return 'calibration';
  if (/\bblank\b|^(mb|icb|ccb|rb)\b/.test(id)) return 'blank';
  if (/\bspike\b|\b(ms|lfm|lfb)$/.test(id)) return 'spike';
  if (/\bdup(licate)?$/.test(id)) return 'duplicate';
  if (/^(qc|icv|ccv|crm|lcs|srm|check)\b/.test(id)) return 'check_standard';
  return 'sample';
}

function readMeta(header: CsvRecord, cells: string[], meta: ParsedFileMeta): void {
  for (const [key, names] of META_COLUMNS) {
    if (meta[key]) continue;
    const index = header.cells.findIndex((cell) => names.includes(cell.trim().toLowerCase()));
    const value = index >= 0 ? cells[index].trim() : '';
    if (value) meta[key] = value;
  }
}

/**
 * WinLab writes the date in the PC's short-date format ("28-05-21", "5/28/2021"). The order is
 * settled by any day above 12 in the file; otherwise '/' is read month-first (US) and '-' or '.'
 * day-first, with a warning.
 */
function earliestAcquisition(dates: { date: string; time: string }[], warnings: string[]): string | undefined {
  const parts = dates.map((d) => ({ ...d, match: /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$/.exec(d.date) })).filter((d) => d.match);
  if (!parts.length) return undefined;
  const yearFirst = parts.every((d) => (d.match as RegExpExecArray)[1].length === 4);
  let dayFirst = parts.some((d) => Number((d.match as RegExpExecArray)[1]) > 12);
  const monthFirst = parts.some((d) => Number((d.match as RegExpExecArray)[2]) > 12);
  if (!yearFirst && dayFirst === monthFirst) {
    dayFirst = !parts[0].date.includes('/');
    warnings.push(`date order of "${parts[0].date}" is ambiguous; read as ${dayFirst ? 'day-month-year' : 'month-day-year'}`);
  }
  const iso = parts
    .map(({ match, time }) => {
      const [, a, b, c] = match as RegExpExecArray;
      const [year, month, day] = yearFirst ? [a, b, c] : dayFirst ? [c, b, a] : [c, a, b];
      const fullYear = year.length === 2 ? `20${year}` : year;
      return `${fullYear}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${isoTime(time)}`;
    })
    .sort();
  return iso[0];
}

/** "T13:05:00" from "1:05:00 PM"; nothing when the time is missing, so the date stands alone. */
function isoTime(time: string): string {
  const clock = readMeridiemClock(time);
  return clock ? `T${clock}` : '';
}
