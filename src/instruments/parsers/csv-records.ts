import { parse } from 'csv-parse/sync';
import { ParseError } from './parser.types';

/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * Records of a delimited export via csv-parse, with line numbers for error messages. Shared by the
 * CSV-shaped parsers of this folder.
 */
export function readCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
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

/** Every cell blank: a spacer line, not data. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

