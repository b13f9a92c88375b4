import { parse } from 'csv-parse/sync';
import { DelimitedLayout, expectRecordWidth, readCsvRecords, readDelimitedRecords, TAB_SEPARATED_REPORT } from './csv-records';
import { ParseError } from './parser.types';

describe('readDelimitedRecords', () => {
  const text = 'a,b\n"x\ny",1\n\nz,2\n';

  it('skips or keeps empty lines, numbering records by the line they start on', () => {
    expect(readDelimitedRecords(text, { delimiter: ',', emptyLines: 'skip', quotes: 'strict' })).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x\ny', '1'], line: 2 },
      { cells: ['z', '2'], line: 5 },
    ]);
    expect(readDelimitedRecords(text, { delimiter: ',', emptyLines: 'keep', quotes: 'strict' }).map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ny', '1']],
      [4, ['']],
      [5, ['z', '2']],
    ]);
  });

  it('tolerates a stray quote only when relaxed, naming the line when it refuses', () => {
    const stray = 'a,b\nLT-2611-000123,5" vial\n';
    expect(readDelimitedRecords(stray, { delimiter: ',', emptyLines: 'skip', quotes: 'relaxed' })[1].cells).toEqual(['LT-2611-000123', '5" vial']);
    expect(() => readDelimitedRecords(stray, { delimiter: ',', emptyLines: 'skip', quotes: 'strict' })).toThrow(/^line 2: unreadable CSV/);
  });

  it('reads tab-separated reports with quotes as text and empty lines as records', () => {
    expect(readDelimitedRecords('Compound 1:\t"x\n\n1\t2', TAB_SEPARATED_REPORT)).toEqual([
      { cells: ['Compound 1:', '"x'], line: 1 },
      { cells: [''], line: 2 },
      { cells: ['1', '2'], line: 3 },
    ]);
  });

  it('reads CSV exports with empty lines skipped and stray quotes tolerated', () => {
    expect(readCsvRecords('a;b\n\n1;2"\n', ';')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2"'], line: 3 },
    ]);
  });
});

describe('expectRecordWidth', () => {
  it('refuses a record with another number of cells, naming its line', () => {
    expect(() => expectRecordWidth(['a', 'b', 'c'], 3, 4)).not.toThrow();
    expect(() => expectRecordWidth(['a', 'b'], 3, 4)).toThrow(ParseError);
    expect(() => expectRecordWidth(['a', 'b'], 3, 4)).toThrow(/^line 4: expected 3 cells, found 2 \(truncated or malformed row\)$/);
    // A trailing separator adds an empty cell; a non-empty extra cell is still malformed.
    expect(() => expectRecordWidth(['a', 'b', 'c', '', ' '], 3, 4)).not.toThrow();
    expect(() => expectRecordWidth(['a', 'b', 'c', 'd'], 3, 4)).toThrow(/expected 3 cells, found 4/);
  });
});

describe('readDelimitedRecords without quotes or carriage returns', () => {
  // The split fast path must read every such text exactly as csv-parse does.
  const alphabet = ['a', '1', ' ', ',', '\t', ';', '\n', '\n', 'µ', '.'];
  const layouts: DelimitedLayout[] = [
    { delimiter: ',', emptyLines: 'skip', quotes: 'relaxed' },
    { delimiter: ',', emptyLines: 'keep', quotes: 'strict' },
    TAB_SEPARATED_REPORT,
    { delimiter: ';', emptyLines: 'skip', quotes: 'none' },
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const texts = ['', '\n', '\n\n', 'a', 'a\n', 'a\n\n', '\n\na', 'a,b\n\nc\n', ',\n', 'a\n \n'];
  for (let i = 0; i < 300; i++) texts.push(Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));

  it.each(layouts)('matches csv-parse record for record and line for line (%o)', (layout) => {
    // Where quotes are text, a quote is just another character.
    const cases = layout.quotes === 'none' ? [...texts, ...texts.map((t) => t.replace(/a/g, '"'))] : texts;
    for (const text of cases) expect({ text, records: readDelimitedRecords(text, layout) }).toEqual({ text, records: csvParseRecords(text, layout) });
  });
});

/** What csv-parse itself answers for the layout (the path readDelimitedRecords takes for quoted text). */
function csvParseRecords(text: string, layout: DelimitedLayout) {
  const records = parse(text, {
    delimiter: layout.delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: layout.emptyLines === 'skip',
    ...(layout.quotes === 'relaxed' ? { relax_quotes: true } : layout.quotes === 'none' ? { quote: false } : {}),
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
}
