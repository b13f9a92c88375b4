import { parse } from 'csv-parse/sync';
import { ParseError } from './parser.types';

/** One delimited record with the 1-based line it starts on. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** How a vendor's delimited export is read; the parsers differ, so each states all three. */
export interface DelimitedLayout {
  delimiter: string;
  /**
   * `skip`: empty lines are not records. `keep`: each is a record of one empty cell, for layouts
   * where an empty line ends a block or where the header must be the very first line.
   */
  emptyLines: 'skip' | 'keep';
  /**
   * `relaxed`: quoted cells, and a stray quote inside an unquoted cell is text. `strict`: a stray
   * quote makes the file unreadable. `none`: quotes are ordinary text (tab-separated reports).
   */
  quotes: 'relaxed' | 'strict' | 'none';
}

/** Tab-separated vendor reports: no quoting, empty lines kept as block separators. */
export const TAB_SEPARATED_REPORT: DelimitedLayout = { delimiter: '\t', emptyLines: 'keep', quotes: 'none' };

/** Records of a delimited export via csv-parse, with line numbers for error messages. */
export function readDelimitedRecords(text: string, layout: DelimitedLayout): CsvRecord[] {
  const plain = plainRecords(text, layout);
  if (plain) return plain;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: layout.delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: layout.emptyLines === 'skip',
      ...(layout.quotes === 'relaxed' ? { relax_quotes: true } : layout.quotes === 'none' ? { quote: false } : {}),
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ParseError(`unreadable CSV: ${(error as Error).message}`, line);
  }
  return records.map(({ record, info }) => ({
    cells: record,
    // csv-parse reports the line a record ends on; a quoted cell may span lines.
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
  }));
}

/**
 * Most exports hold no quote and no carriage return (decodeExport turns line ends into \n): each line
 * is then one record and each delimiter one cell boundary, exactly as csv-parse reads them (a trailing
 * \n ends the last record, an empty line is a record of one empty cell or skipped). Splitting such a
 * file directly costs a fraction of csv-parse with line information; anything else goes to csv-parse.
 */
function plainRecords(text: string, layout: DelimitedLayout): CsvRecord[] | null {
  if (layout.delimiter.length !== 1 || text.includes('\r') || (layout.quotes !== 'none' && text.includes('"'))) return null;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const records: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && layout.emptyLines === 'skip') continue;
    records.push({ cells: line.split(layout.delimiter), line: i + 1 });
  }
  return records;
}

/** A CSV export: empty lines skipped, stray quotes tolerated. Shared by the CSV-shaped parsers. */
export function readCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  return readDelimitedRecords(text, { delimiter, emptyLines: 'skip', quotes: 'relaxed' });
}

/** Every cell blank: a spacer line, not data. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * Every record must have `width` cells: fewer means the file was cut or a row is malformed. Extra
 * cells are accepted only when empty: a trailing separator never decides whether a file parses.
 */
export function expectRecordWidth(cells: string[], width: number, line: number): void {
  const extraAreEmpty = cells.length > width && cells.slice(width).every((cell) => cell.trim() === '');
  if (cells.length !== width && !extraAreEmpty) {
    throw new ParseError(`expected ${width} cells, found ${cells.length} (truncated or malformed row)`, line);
  }
}
