import { loadFixture, otherFixtures, rowFinder } from './parser-spec-kit';
import { ParseError } from './parser.types';
import { perkinElmerIcpParser as parser } from './perkinelmer-icp.parser';

const OWN_FIXTURES = ['perkinelmer-winlab32.csv', 'perkinelmer-winlab32-cannabis.csv', 'senaite-instruments-pinaacle900h-optima8300.csv'];

describe('perkinElmerIcpParser', () => {
  describe('real WinLab32 export (senaite test file)', () => {
    const result = parser.parse(loadFixture('perkinelmer-winlab32.csv'));

    it('reads every row with trimmed ids, the value as written and the unit', () => {
      expect(result.rows).toEqual([
        { line: 2, sampleRef: 'DU-0001', analyte: 'Ag 107', value: '0.111', raw: '0.111', unit: 'mg/kg', kind: 'sample' },
        { line: 3, sampleRef: 'DU-0001', analyte: 'Al 27', value: '0.222', raw: '0.222', unit: 'mg/kg', kind: 'sample' },
        { line: 4, sampleRef: 'DU-0002', analyte: 'Ag 107', value: '0.555', raw: '0.555', unit: 'mg/kg', kind: 'sample' },
        { line: 5, sampleRef: 'DU-0002', analyte: 'Al 27', value: '0.666', raw: '0.666', unit: 'mg/kg', kind: 'sample' },
      ]);
    });

    it('reads "28-05-21" day-first because 28 cannot be a month', () => {
      expect(result.meta).toEqual({ acquiredAt: '2021-05-28T12:40:54' });
      expect(result.warnings).toEqual([]);
    });
  });

  describe('cannabis run with replicates (BOM, CRLF, leading spaces)', () => {
    const result = parser.parse(loadFixture('perkinelmer-winlab32-cannabis.csv'));
    const row = rowFinder(result.rows);

    it('keeps the mean row as the result and accounts for each replicate as skipped', () => {
      expect(row('LT-2611-000123', 'As 75')).toEqual({
        line: 13,
        sampleRef: 'LT-2611-000123',
        analyte: 'As 75',
        value: '0.0204',
        raw: '0.0204',
        unit: 'µg/g',
        kind: 'sample',
      });
      expect(result.rows.filter((r) => r.sampleRef === 'LT-2611-000123' && r.analyte === 'As 75')).toHaveLength(1);
      expect(result.skipped).toContainEqual({ line: 10, reason: 'replicate 1 of LT-2611-000123 As 75; the mean row is the result' });
      expect(result.skipped).toContainEqual({ line: 14, reason: 'replicate statistic "SD" of LT-2611-000123 As 75' });
      expect(result.skipped).toContainEqual({ line: 15, reason: 'replicate statistic "%RSD" of LT-2611-000123 As 75' });
      expect(result.skipped).toHaveLength(11);
    });

    it('flags replicates that disagree', () => {
      expect(row('LT-2611-000124', 'As 75')).toMatchObject({ value: '0.207', flags: ['replicate_disagreement'] });
      expect(row('LT-2611-000123', 'As 75')?.flags).toBeUndefined();
      // Around zero the relative spread of a blank's replicates is noise.
      expect(row('Method Blank', 'As 75')?.flags).not.toContain('replicate_disagreement');
    });

    it('keeps negative blank-subtracted values as written, flagged, never zero', () => {
      expect(row('Method Blank', 'As 75')).toMatchObject({ kind: 'blank', value: '-0.0011', flags: ['negative_value'] });
      expect(row('LT-2611-000125', 'Cd 111')).toMatchObject({ kind: 'sample', value: '-0.0002', raw: '-0.0002', flags: ['negative_value'] });
    });

    it('reads "N/A" and "-----" as no value, never zero', () => {
      expect(row('LT-2611-000124', 'Pb 208')).toMatchObject({ qualifier: 'NO_VALUE', raw: 'N/A' });
      expect(row('LT-2611-000124', 'Pb 208')?.value).toBeUndefined();
      expect(row('LT-2611-000125', 'Hg 202')).toMatchObject({ qualifier: 'NO_VALUE', raw: '-----' });
    });

    it('recognises QC rows by their conventional ids', () => {
      expect(row('Calib Blank', 'As 75')?.kind).toBe('calibration');
      expect(row('Calib Std 1', 'As 75')).toMatchObject({ kind: 'calibration', value: '0.0500' });
      expect(row('ICV', 'As 75')?.kind).toBe('check_standard');
      expect(row('CCV', 'As 75')?.kind).toBe('check_standard');
      expect(row('LT-2611-000123 MS', 'As 75')).toMatchObject({ kind: 'spike', value: '0.0712' });
      expect(row('LT-2611-000123 DUP', 'As 75')).toMatchObject({ kind: 'duplicate', value: '0.0199' });
      expect(row('LT-2611-000123', 'Pb 208')?.kind).toBe('sample');
    });

    it('reads the method and the earliest acquisition', () => {
      expect(result.meta).toEqual({ method: 'NY Metals Cannabis', acquiredAt: '2026-03-14T09:02:11' });
    });

    it('accounts for every data line as a row or a skipped line', () => {
      expect(result.rows).toHaveLength(14);
      expect(result.rows.length + result.skipped.length).toBe(25);
    });
  });

  describe('dates', () => {
    it('reads an ambiguous slash date month-first and says so', () => {
      const text = 'Sample ID,Analyte Name,Date,Time,Reported Conc (Calib),Units (Samp)\nLT-2611-000123,As 75,03/04/26,1:05:00 PM,0.02,ug/g\n';
      const result = parser.parse(text);
      expect(result.meta.acquiredAt).toBe('2026-03-04T13:05:00');
      expect(result.warnings).toEqual(['date order of "03/04/26" is ambiguous; read as month-day-year']);
    });
  });

  describe('malformed files', () => {
    const text = loadFixture('perkinelmer-winlab32-cannabis.csv');

    it('rejects a row cut off mid-way with its line number', () => {
      const cut = text.slice(0, text.indexOf(',µg/g', text.indexOf('0.1120')));
      expect(() => parser.parse(cut)).toThrow(ParseError);
      expect(() => parser.parse(cut)).toThrow(/^line 16: expected 8 cells, found 6/);
    });

    it('rejects replicates whose mean row never came (file ends after them)', () => {
      const lines = text.split('\n');
      const cut = lines.slice(0, 19).join('\n');
      expect(() => parser.parse(cut)).toThrow(/^line 17: replicates without their mean row/);
    });

    it('rejects a header without a concentration column', () => {
      expect(() => parser.parse('Sample ID,Analyte Name,Date\nX,As 75,1-1-21\n')).toThrow(/^line 1: header lacks/);
    });
  });

  describe('detect', () => {
    it('recognises both PerkinElmer fixtures', () => {
      expect(parser.detect(loadFixture('perkinelmer-winlab32.csv'))).toBe(true);
      expect(parser.detect(loadFixture('perkinelmer-winlab32-cannabis.csv'))).toBe(true);
    });

    it.each(otherFixtures(OWN_FIXTURES))('does not claim %s', (name) => {
      expect(parser.detect(loadFixture(name))).toBe(false);
    });
  });
});
