import { beforeSpacedKey } from '../parsing/linear-headers';
import { readDecimal, readResultCell } from './cell-values';
import { InstrumentParser, ParsedFileMeta, ParsedRow, ParseError, ParseResult, RowKind, SkippedLine } from './parser.types';
import { flagsField, presentField, resultFields } from './row-fields';
import { LabelRules, roleFromLabel } from './row-kinds';
import { splitLines } from './text-input';
import { readMonthNameDateTime, readUsDateTime } from './vendor-dates';

/**
 * Agilent OpenLab CDS ChemStation `Report.TXT`, one injection per file, usually UTF-16LE. A
 * "Key : value" header (two pairs may share a line), then one fixed-width peak/compound table per
 * signal. The table is not delimited: its column boundaries are the `|` marks of the dashed ruler
 * under the column names, so cells are cut at those positions rather than split on spaces.
 */

interface Span {
  start: number;
  end: number;
}

interface PeakTable {
  columns: Map<string, Span>;
  unit?: string;
  firstRow: number;
}

// `[ \t]` rather than `\s`: with /m, `\s*` would run across blank lines from every line start.
const REPORT_TITLE = /^[ \t]*(External Standard|Internal Standard|Area Percent|Norm%|ESTD%|ISTD%|ESTD Percent|ISTD Percent)[ \t]+Report[ \t]*$/m;
const TOTALS = /^\s*Totals\b/;
const NOT_QUANTITATIVE =
  'not quantitative: no compound names or amounts (an Area Percent report lists peaks only); export the ESTD or ISTD report of a calibrated method';
/** A Report.TXT does not print the sequence's sample type: QC roles come from the sample name alone. */
const LABEL_RULES: LabelRules = { calibrationBlankNames: true, calibrationPrefix: true };

export const agilentChemStationReportParser: InstrumentParser = {
  format: 'agilent-chemstation-report',
  label: 'Agilent OpenLab/ChemStation Report.TXT',

  detect(text: string): boolean {
    return /^Sample Name:/m.test(text) && /^Injection Date\s*:/m.test(text) && REPORT_TITLE.test(text) && /RetTime/.test(text);
  },

  parse(text: string): ParseResult {
    const lines = splitLines(text);
    const lastLine = lastNonBlank(lines);
    if (!lines.some((line) => /\*\*\* End of Report \*\*\*/.test(line))) {
      throw new ParseError('no "*** End of Report ***" line: the report is truncated', lastLine);
    }
    const sampleLine = lines.findIndex((line) => /^Sample Name:/.test(line));
    if (sampleLine < 0) throw new ParseError('no "Sample Name:" line', 1);
    const label = lines[sampleLine].replace(/^Sample Name:/, '').trim();
    const role = roleFromLabel(label, LABEL_RULES);
    const dilution = readDecimal(headerValue(lines, 'Dilution'));

    const rows: ParsedRow[] = [];
    const skipped: SkippedLine[] = [];
    const warnings: string[] = [];
    const areaPercent = /^[ \t]*(Area Percent|Norm%)[ \t]+Report[ \t]*$/m.test(text);
    const rulers = lines.flatMap((line, index) => (isRuler(line) ? [index] : []));
    // Other tables share the ruler style (the ISTD list of an ISTD report): only peak tables have RetTime.
    const peakTables = rulers.filter((ruler) => columnNames(lines, ruler).includes('RetTime'));
    if (areaPercent && !peakTables.some((ruler) => isQuantitative(columnNames(lines, ruler)))) {
      throw new ParseError(NOT_QUANTITATIVE, sampleLine + 1);
    }
    if (peakTables.length === 0) throw new ParseError('no peak table found: no dashed ruler line under a RetTime column header', lastLine);
    if (!label) warnings.push(`line ${sampleLine + 1}: empty Sample Name; rows are skipped`);

    for (const ruler of peakTables) {
      const table = readTableHeader(lines, ruler);
      let index = table.firstRow;
      for (; index < lines.length && lines[index].trim() !== ''; index++) {
        const line = lines[index];
        if (TOTALS.test(line)) break;
        const row = readPeakRow(line, index + 1, table, { sampleRef: role.ref, kind: role.kind, dilution });
        if (!label) skipped.push({ line: index + 1, reason: 'report without a Sample Name' });
        else if ('reason' in row) skipped.push(row);
        else rows.push(row);
      }
      while (index < lines.length && lines[index].trim() === '') index++;
      if (TOTALS.test(lines[index] ?? '')) skipped.push({ line: index + 1, reason: 'totals line' });
    }
    return { format: 'agilent-chemstation-report', meta: readMeta(lines, warnings), rows, skipped, warnings };
  },
};

/** A table ruler: dashes cut by `|` ("-------|------|----|" or "----|-------|----"), leading spaces allowed. */
function isRuler(line: string): boolean {
  const ruler = line.trim();
  return ruler.startsWith('-') && ruler.includes('|') && /^[-|]+$/.test(ruler);
}

/** The names line sits above the ruler, or above the units line ("[min]", "[mAU*s]") when there is one. */
function columnNames(lines: string[], ruler: number): string[] {
  const unitsLine = lines[ruler - 1] ?? '';
  const namesLine = (unitsLine.includes('[') ? lines[ruler - 2] : unitsLine) ?? '';
  return namesLine.trim().split(/\s+/);
}

function isQuantitative(names: string[]): boolean {
  return names.includes('Amount') && names.includes('Name');
}

function readTableHeader(lines: string[], ruler: number): PeakTable {
  const rulerLine = lines[ruler].trimEnd();
  const spans: Span[] = [];
  let start = 0;
  for (const segment of rulerLine.split('|')) {
    spans.push({ start, end: start + segment.length });
    start += segment.length + 1;
  }
  // A trailing "|" closes the last column rather than opening an empty one.
  if (spans.length > 1 && spans[spans.length - 1].end === spans[spans.length - 1].start) spans.pop();
  const unitsLine = lines[ruler - 1] ?? '';
  const hasUnits = unitsLine.includes('[');
  const names = columnNames(lines, ruler);
  if (!isQuantitative(names)) throw new ParseError(NOT_QUANTITATIVE, ruler);
  if (names.length !== spans.length) {
    throw new ParseError(`peak table header names ${names.length} columns but its ruler marks ${spans.length}`, ruler + 1);
  }
  const columns = new Map(names.map((name, i) => [name, spans[i]] as const));
  return { columns, unit: hasUnits ? unitIn(unitsLine, columns.get('Amount') as Span) : undefined, firstRow: ruler + 1 };
}

/** The unit printed under the Amount column: bracketed ("[%]", "[ug/ml]") or, in percent reports, a bare "%". */
function unitIn(unitsLine: string, span: Span): string | undefined {
  for (const match of unitsLine.matchAll(/\[([^\]]+)\]/g)) {
    const at = match.index ?? 0;
    if (at + match[0].length > span.start && at < span.end + 1) return match[1].trim();
  }
  const bare = unitsLine.slice(span.start, span.end + 1).trim();
  return bare === '%' ? bare : undefined;
}

function readPeakRow(
  line: string,
  lineNo: number,
  table: PeakTable,
  context: { sampleRef: string; kind: RowKind; dilution?: string },
): ParsedRow | SkippedLine {
  const cell = (name: string, toEnd = false) => {
    const span = table.columns.get(name);
    return span ? line.slice(span.start, toEnd ? undefined : span.end).trim() : '';
  };
  if (readDecimal(cell('RetTime')) === undefined) throw new ParseError('malformed peak table row (no retention time)', lineNo);
  const analyte = cell('Name', true);
  if (!analyte) return { line: lineNo, reason: 'uncalibrated peak without a compound name' };
  // Percent reports print "?" for a peak the calibration table does not name.
  if (analyte === '?') return { line: lineNo, reason: 'unidentified peak (named "?")' };
  // An ISTD report marks the internal standard's own peak with "I" after the peak type.
  if (/\sI$/.test(cell('Type'))) return { line: lineNo, reason: `internal standard ${analyte}` };
  const read = readResultCell(cell('Amount'));
  // A calibrated compound printed with "-" for area and amount was searched for and not found.
  if (read.qualifier === 'NO_VALUE' && readDecimal(cell('Area')) === undefined) read.qualifier = 'ND';
  return {
    line: lineNo,
    sampleRef: context.sampleRef,
    analyte,
    ...resultFields(read),
    ...presentField('unit', table.unit),
    ...presentField('dilution', context.dilution),
    kind: context.kind,
    ...flagsField(read.flags),
  };
}

/** "Acq. Operator   : M. Okafor        Seq. Line :  17" holds two pairs; cut at the second "Key :". */
function headerValue(lines: string[], key: string): string | undefined {
  // Percent reports double the colon ("Dilution:                     :      1.0000").
  const pattern = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:(?:\\s*:)?\\s?(.*)$`);
  for (const line of lines) {
    const match = pattern.exec(line);
    // Cut before the second key in linear time (a split on /\s{2,}(?=[A-Z][\w. ]*?\s:)/ backtracked quadratically).
    if (match) return beforeSpacedKey(match[1]).trim() || undefined;
  }
  return undefined;
}

function readMeta(lines: string[], warnings: string[]): ParsedFileMeta {
  const injected = headerValue(lines, 'Injection Date');
  // OpenLab writes "5/14/2024 10:41:07 AM" (US locale), classic ChemStation "14-May-24, 11:02:51".
  const acquiredAt = readUsDateTime(injected) ?? readMonthNameDateTime(injected);
  if (injected && !acquiredAt) warnings.push(`unreadable Injection Date "${injected}"`);
  const dataFile = lines
    .find((line) => /^Data File\s/.test(line))
    ?.replace(/^Data File\s+/, '')
    .trim();
  const folder = dataFile?.split(/[\\/]/).slice(-2, -1)[0];
  const meta: ParsedFileMeta = {};
  const instrument = headerValue(lines, 'Acq. Instrument');
  const method = baseName(methodPath(lines, 'Analysis Method') ?? methodPath(lines, 'Acq. Method'));
  const operator = headerValue(lines, 'Acq. Operator');
  if (instrument) meta.instrument = instrument;
  if (method) meta.method = method;
  if (acquiredAt) meta.acquiredAt = acquiredAt;
  if (operator) meta.operator = operator;
  if (folder) meta.batch = folder;
  return meta;
}

/** A long method path wraps onto indented lines with no "Key :" ("...\\190314_" then "   Glucides_prep.M"). */
function methodPath(lines: string[], key: string): string | undefined {
  const index = lines.findIndex((line) => line.startsWith(key) && /^[^:]*:/.test(line));
  const first = index >= 0 ? headerValue([lines[index]], key) : undefined;
  if (first === undefined) return undefined;
  let path = first;
  for (let i = index + 1; i < lines.length && /^ {10}/.test(lines[i]) && !lines[i].includes(':'); i++) path += lines[i].trim();
  return path;
}

function baseName(path: string | undefined): string | undefined {
  return path?.split(/[\\/]/).pop()?.trim() || undefined;
}

function lastNonBlank(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return i + 1;
  return 1;
}
