import { loadFixture, otherFixtures, rowFinder } from './parser-spec-kit';
import { ParseError } from './parser.types';
import { shimadzuGcmsSummaryParser as parser } from './shimadzu-gcms-summary.parser';

const OWN_FIXTURES = ['shimadzu-gcms-tq8030.txt', 'shimadzu-gcms-cannabis.txt'];

const SUMMARY_LABELS = ['Average', '%RSD', 'Maximum', 'Minimum', 'Std. Dev.'];

describe('shimadzuGcmsSummaryParser', () => {
  describe('real GCMS-TQ8030 export (senaite test file)', () => {
    const result = parser.parse(loadFixture('shimadzu-gcms-tq8030.txt'));

    it('reads one row per data file under each compound; "-----" is no value, never zero', () => {
      expect(result.rows).toEqual([
        { line: 2, sampleRef: 'H2O-0001', analyte: 'Ca', qualifier: 'NO_VALUE', raw: '-----', kind: 'sample' },
        { line: 3, sampleRef: '1-0001', analyte: 'Ca', value: '123', raw: '123', kind: 'sample' },
        { line: 11, sampleRef: 'H2O-0001', analyte: 'Mg', value: '2', raw: '2', kind: 'sample' },
        { line: 12, sampleRef: '1-0002', analyte: 'Mg', value: '789', raw: '789', kind: 'sample' },
      ]);
    });

    it('skips every statistic row with a reason naming it and its compound', () => {
      expect(result.skipped).toEqual([
        ...SUMMARY_LABELS.map((label, i) => ({ line: 4 + i, reason: `summary row "${label}" for Ca, not a result` })),
        ...SUMMARY_LABELS.map((label, i) => ({ line: 13 + i, reason: `summary row "${label}" for Mg, not a result` })),
      ]);
      expect(result.meta).toEqual({});
    });
  });

  describe('cannabis residual solvents (CRLF, odd spacing, QC types)', () => {
    const result = parser.parse(loadFixture('shimadzu-gcms-cannabis.txt'));
    const row = rowFinder(result.rows);

    it('reads concentrations as written, expanding exponents without floats', () => {
      expect(row('LT-2611-000123', 'Butane')).toEqual({
        line: 4,
        sampleRef: 'LT-2611-000123',
        analyte: 'Butane',
        value: '125.3',
        raw: '125.3',
        kind: 'sample',
      });
      expect(row('LT-2611-000125', 'Butane')).toMatchObject({ value: '1200', raw: '1.2E+03' });
      expect(row('LT-2611-000124', 'Ethanol')).toMatchObject({ line: 18, value: '88.40' });
    });

    it('keeps "N.D." and "-----" as qualifiers and a negative value as flagged', () => {
      expect(row('LT-2611-000123', 'Ethanol')).toMatchObject({ qualifier: 'ND', raw: 'N.D.' });
      expect(row('LT-2611-000124', 'Butane')).toMatchObject({ qualifier: 'NO_VALUE', raw: '-----' });
      expect(row('LT-2611-000124', 'Butane')?.value).toBeUndefined();
      expect(row('LT-2611-000125', 'Ethanol')).toMatchObject({ value: '-0.8', flags: ['negative_value'] });
    });

    it('maps Shimadzu sample types to QC kinds', () => {
      expect(row('STD-RS-500', 'Butane')).toMatchObject({ kind: 'calibration', value: '498.7' });
      expect(row('RS-BLANK-01', 'Ethanol')).toMatchObject({ kind: 'blank', value: '3.1' });
      expect(row('CCV-RS-500', 'Ethanol')).toMatchObject({ kind: 'check_standard', value: '488.9' });
    });

    it("puts both blocks' statistics in skipped, none in rows", () => {
      expect(result.rows).toHaveLength(12);
      expect(result.skipped.map((s) => s.line)).toEqual([8, 9, 10, 11, 12, 21, 22, 23, 24, 25]);
      expect(result.skipped[5]).toEqual({ line: 21, reason: 'summary row "Average" for Ethanol, not a result' });
      expect(result.rows.some((r) => SUMMARY_LABELS.includes(r.sampleRef))).toBe(false);
    });
  });

  describe('an export with a column header', () => {
    const text = [
      'Limonene\t\t\t\t\t',
      'Data Filename\tSample Name\tSample Type\tConc.\tUnit\tDil. Factor',
      'LT-2611-000123_T.qgd\tLT-2611-000123\tUnknown\t0,412\t%\t1',
      'LT-2611-000123_T.qgd\tLT-2611-000124\tUnknown\t0.388\t%\t5',
      'Average\t\t\t0.400\t\t',
    ].join('\n');

    it('takes the columns from the header instead of positions', () => {
      const result = parser.parse(text);
      expect(result.rows[1]).toEqual({
        line: 4,
        sampleRef: 'LT-2611-000124',
        analyte: 'Limonene',
        value: '0.388',
        raw: '0.388',
        unit: '%',
        dilution: '5',
        kind: 'sample',
      });
      expect(result.rows[0]).toMatchObject({ qualifier: 'NO_VALUE', flags: ['unreadable value "0,412"'] });
      expect(result.skipped).toEqual([
        { line: 2, reason: 'column header' },
        { line: 5, reason: 'summary row "Average" for Limonene, not a result' },
      ]);
    });
  });

  describe('malformed files', () => {
    const text = loadFixture('shimadzu-gcms-cannabis.txt');

    it('rejects a result line cut off mid-way with its line number', () => {
      const cut = text.slice(0, text.indexOf('\t1\tUnknown', text.indexOf('LT-2611-000124_RS_031426.qgd\t LT-2611-000124 \t-----\t88.40')));
      expect(() => parser.parse(cut)).toThrow(ParseError);
      expect(() => parser.parse(cut)).toThrow(/^line 18: expected 13 cells, found 9/);
    });

    it('rejects a file that ends inside a block, before its statistics', () => {
      const cut = text.split('\n').slice(0, 20).join('\n');
      expect(() => parser.parse(cut)).toThrow(/^line 20: the block for Ethanol ends early/);
    });

    it('rejects a file cut inside the first cell of a result line', () => {
      const cut = `${text.split('\n').slice(0, 14).join('\n')}\nStd_RS_500_031426.qgd`;
      expect(() => parser.parse(cut)).toThrow(/^line 15: result line for Std_RS_500_031426.qgd is cut off/);
    });

    it('rejects results before any compound name', () => {
      expect(() => parser.parse('a.qgd\tLT-2611-000123\t-----\t1\n')).toThrow(/^line 1: result line before any compound/);
    });
  });

  describe('detect', () => {
    it('recognises both Shimadzu GCMS fixtures', () => {
      expect(parser.detect(loadFixture('shimadzu-gcms-tq8030.txt'))).toBe(true);
      expect(parser.detect(loadFixture('shimadzu-gcms-cannabis.txt'))).toBe(true);
    });

    it('leaves LabSolutions ASCII exports with a [Header] section to their own parser', () => {
      expect(parser.detect('[Header]\nData File Name\tC:\\x.qgd\n')).toBe(false);
    });

    it.each(otherFixtures(OWN_FIXTURES))('does not claim %s', (name) => {
      expect(parser.detect(loadFixture(name))).toBe(false);
    });
  });
});
