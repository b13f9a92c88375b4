import { agilentMassHunterQuantParser as parser } from './agilent-masshunter-quant.parser';
import { loadFixture, otherFixtures, rowFinder } from './parser-spec-kit';
import { ParseError } from './parser.types';

const OWN_FIXTURES = [
  'agilent-masshunter-quant.csv',
  'agilent-masshunter-quant-cannabis.csv',
  'senaite-core-masshunter-long-terpenes-gcfid.csv',
  'midar-mhquant-area-only-s1p.csv',
];

describe('agilentMassHunterQuantParser', () => {
  describe('real export (senaite test file)', () => {
    const result = parser.parse(loadFixture('agilent-masshunter-quant.csv'));

    it('reads the one compound as Final Conc., ignoring qualifier and ISTD groups', () => {
      expect(result.format).toBe('agilent-masshunter-quant');
      expect(result.rows).toEqual([{ line: 3, sampleRef: 'H2O-0001', analyte: 'TestInterims', value: '0.1034', raw: '0.1034', kind: 'sample' }]);
    });

    it('takes the acquisition time as ISO 8601', () => {
      expect(result.meta).toEqual({ acquiredAt: '2019-02-28T00:14:00' });
      expect(result.skipped).toEqual([]);
    });
  });

  describe('cannabis batch (BOM, CRLF, QC injections)', () => {
    const result = parser.parse(loadFixture('agilent-masshunter-quant-cannabis.csv'));
    const row = rowFinder(result.rows);

    it('emits one row per injection and compound, skipping qualifier ions and the internal standard', () => {
      expect(result.rows).toHaveLength(22);
      expect(new Set(result.rows.map((r) => r.analyte))).toEqual(new Set(['Myclobutanil', 'Aflatoxin B1']));
    });

    it('reads sample results with their dilution, trimming odd spacing in the name', () => {
      expect(row('LT-2611-000123', 'Myclobutanil')).toEqual({
        line: 7,
        sampleRef: 'LT-2611-000123',
        analyte: 'Myclobutanil',
        value: '0.1234',
        raw: '0.1234',
        dilution: '10',
        kind: 'sample',
      });
      expect(row('LT-2611-000124', 'Aflatoxin B1')).toMatchObject({ line: 8, value: '0.0042', dilution: '10' });
    });

    it('reads a compound with no peak as ND, never as zero', () => {
      const noPeak = row('LT-2611-000123', 'Aflatoxin B1');
      expect(noPeak).toMatchObject({ qualifier: 'ND', raw: '', flags: ['no_peak'] });
      expect(noPeak?.value).toBeUndefined();
    });

    it('maps MassHunter sample types to QC kinds with the expected concentration', () => {
      expect(row('Solvent Blank', 'Myclobutanil')).toMatchObject({ kind: 'blank', qualifier: 'ND' });
      expect(row('MB-260314', 'Myclobutanil')).toMatchObject({ kind: 'blank', value: '0.0031' });
      expect(row('MB-260314', 'Myclobutanil')?.expected).toBeUndefined();
      expect(row('Cal L2', 'Aflatoxin B1')).toMatchObject({ kind: 'calibration', value: '0.0197', expected: '0.02' });
      expect(row('LT-2611-000123 MS', 'Myclobutanil')).toMatchObject({ kind: 'spike', value: '0.0921', expected: '0.1' });
      expect(row('LT-2611-000123 DUP', 'Myclobutanil')).toMatchObject({ kind: 'duplicate', value: '0.0968' });
      expect(row('CCV-1', 'Aflatoxin B1')).toMatchObject({ kind: 'check_standard', value: '0.0097', expected: '0.01' });
      expect(row('LCS-260314', 'Myclobutanil')).toMatchObject({ kind: 'check_standard', expected: '0.05' });
    });

    it('accounts for an injection of a non-result type as skipped, with a warning', () => {
      expect(result.skipped).toEqual([{ line: 14, reason: 'sample type "TuneCheck" is not a result or QC type' }]);
      expect(result.warnings).toEqual(['line 14: Tune has sample type "TuneCheck" and was not imported']);
      expect(result.rows.some((r) => r.sampleRef === 'Tune')).toBe(false);
    });

    it('takes the earliest imported acquisition as the batch time', () => {
      expect(result.meta).toEqual({ acquiredAt: '2026-03-14T08:02:00' });
    });
  });

  describe('malformed files', () => {
    const text = loadFixture('agilent-masshunter-quant-cannabis.csv');

    it('rejects a file cut off mid-row with that row number', () => {
      const cut = text.slice(0, text.indexOf(',6.112,150991'));
      expect(() => parser.parse(cut)).toThrow(ParseError);
      expect(() => parser.parse(cut)).toThrow(/^line 8: expected 24 cells, found 22/);
    });

    it('rejects an unclosed quote with a line number', () => {
      const broken = text.replace('LT-2611-000125,', '"LT-2611-000125,');
      expect(() => parser.parse(broken)).toThrow(/^line \d+: unreadable CSV/);
    });

    it('rejects a file with only the group header row', () => {
      expect(() => parser.parse(text.split('\n')[0])).toThrow(/^line 1: missing the two header rows/);
    });
  });

  describe('detect', () => {
    it('recognises both MassHunter fixtures', () => {
      expect(parser.detect(loadFixture('agilent-masshunter-quant.csv'))).toBe(true);
      expect(parser.detect(loadFixture('agilent-masshunter-quant-cannabis.csv'))).toBe(true);
    });

    it.each(otherFixtures(OWN_FIXTURES))('does not claim %s', (name) => {
      expect(parser.detect(loadFixture(name))).toBe(false);
    });
  });
});
