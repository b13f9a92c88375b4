import { expectRecordWidth, readCsvRecords, readDelimitedRecords, TAB_SEPARATED_REPORT } from './csv-records';
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
