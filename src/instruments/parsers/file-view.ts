import { parse } from 'csv-parse/sync';
import { splitLines } from './text-input';

/** A line of the file: 1-based number, its text (shortened) and, for a header row, its cells. */
export interface LineRef {
  line: number;
  text: string;
  cells?: string[];
}

/** The first non-blank line read as a delimited header: what a saved column mapping would name. */
export interface DelimitedHeader {
  line: number;
  delimiter: ',' | ';' | '\t';
  cells: string[];
}

const MAX_TEXT = 120;

/** The decoded text with the few line lookups every marker uses, each computed once. */
export class FileView {
  readonly lines: string[];
  private readonly memo = new Map<string, unknown>();

  constructor(readonly text: string) {
    this.lines = splitLines(text);
  }

  /** 1-based number of the first line the pattern matches (tested line by line, no /m). */
  lineMatching(pattern: RegExp): number | undefined {
    const index = this.lines.findIndex((line) => pattern.test(line));
    return index < 0 ? undefined : index + 1;
  }

  /** Indexes of the first `n` non-blank lines. */
  nonBlank(n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.lines.length && out.length < n; i++) if (this.lines[i].trim() !== '') out.push(i);
    return out;
  }

  ref(line: number | undefined, cells?: string[]): LineRef | undefined {
    if (!line) return undefined;
    const text = this.lines[line - 1] ?? '';
    return { line, text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text, ...(cells ? { cells } : {}) };
  }

  /** Lines are read once per question, whatever number of markers ask it. */
  once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /** The first non-blank line as a header row, when it is one: mostly names, no numbers or dates. */
  delimitedHeader(): DelimitedHeader | undefined {
    return this.once('delimitedHeader', () => {
      const [index] = this.nonBlank(1);
      if (index === undefined) return undefined;
      const delimiter = sniffDelimiter(this.lines[index]);
      const cells = parseCells(this.lines[index], delimiter).map((cell) => cell.trim());
      // Names, mostly filled (an unnamed index column is fine); a number or a date means data or metadata.
      const named = cells.filter((cell) => cell !== '');
      const header = named.length >= 2 && named.length * 2 >= cells.length && named.every((cell) => !/^[-+]?[\d.,/:\s]+$/.test(cell));
      return header ? { line: index + 1, delimiter, cells } : undefined;
    });
  }
}

export function sniffDelimiter(line: string): ',' | ';' | '\t' {
  const counts = ([',', ';', '\t'] as const).map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function parseCells(line: string, delimiter: string): string[] {
  try {
    const [record] = parse(line, { delimiter, relax_quotes: true, relax_column_count: true });
    return record ?? [];
  } catch {
    return line.split(delimiter);
  }
}

export const unquote = (cell: string) => cell.trim().replace(/^"|"$/g, '');
