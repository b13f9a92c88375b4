import { ParsingError, ParsingErrorCode } from './parsing.errors';

/**
 * Caps on the shape of an uploaded text file, checked in one pass before any parser sees it: one
 * enormous line, a hundred thousand columns or millions of cells are refused with the limit stated.
 * Real exports stay far below them (the widest known MassHunter batch table is a few thousand columns).
 */
export interface TextShapeLimits {
  maxLineChars: number;
  /** Columns of a line: one more than its most frequent delimiter (comma, semicolon or tab). */
  maxColumns: number;
  /** Columns summed over all lines. */
  maxCells: number;
}

export const TEXT_SHAPE_LIMITS: TextShapeLimits = { maxLineChars: 128 * 1024, maxColumns: 5000, maxCells: 2_000_000 };

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const TAB = 0x09;

/** Throws ParsingError (413) naming the file, the line and the limit when the text is over a cap. */
export function assertTextShape(text: string, what: string, limits: TextShapeLimits = TEXT_SHAPE_LIMITS): void {
  let line = 1;
  let lineStart = 0;
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let cells = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : NEWLINE;
    if (code === COMMA) commas++;
    else if (code === SEMICOLON) semicolons++;
    else if (code === TAB) tabs++;
    else if (code === NEWLINE) {
      const length = i - lineStart;
      if (length > limits.maxLineChars) {
        throw new ParsingError(
          ParsingErrorCode.LINE_TOO_LONG,
          `${what}: line ${line} is ${length} characters long; a line may be at most ${limits.maxLineChars} characters; nothing was stored`,
          { line, limit: limits.maxLineChars },
        );
      }
      const columns = Math.max(commas, semicolons, tabs) + 1;
      if (columns > limits.maxColumns) {
        throw new ParsingError(
          ParsingErrorCode.TOO_MANY_COLUMNS,
          `${what}: line ${line} has ${columns} columns; a line may have at most ${limits.maxColumns} columns; nothing was stored`,
          { line, limit: limits.maxColumns },
        );
      }
      cells += columns;
      if (cells > limits.maxCells) {
        throw new ParsingError(
          ParsingErrorCode.TOO_MANY_CELLS,
          `${what}: more than ${limits.maxCells} cells (columns summed over lines) by line ${line}; split the file; nothing was stored`,
          { line, limit: limits.maxCells },
        );
      }
      line++;
      lineStart = i + 1;
      commas = semicolons = tabs = 0;
    }
  }
}

/**
 * Result rows one import may carry: a 96-well plate of 70 analytes is under 7,000. Planning and
 * answering run on the API's event loop, so a file of a million valid rows is refused in the thread.
 */
export const MAX_IMPORT_ROWS = 50_000;

export function assertRowCount(rows: number, what: string, limit = MAX_IMPORT_ROWS): void {
  if (rows > limit) {
    throw new ParsingError(
      ParsingErrorCode.TOO_MANY_ROWS,
      `${what}: ${rows} result rows; an import may hold at most ${limit}; split the file; nothing was stored`,
      {
        rows,
        limit,
      },
    );
  }
}
