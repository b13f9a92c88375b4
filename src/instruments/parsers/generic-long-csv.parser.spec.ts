import { readCsvRecords } from './csv-records';
import { genericLongCsvParser as parser } from './generic-long-csv.parser';
import { loadFixture, otherFixtures, rowFinder } from './parser-spec-kit';
import { GenericColumnMapping, ParseError } from './parser.types';

const OWN_FIXTURES = ['generic-long.csv', 'generic-long-decimal-comma.csv'];

const SAVED_MAPPING: GenericColumnMapping = {
  sample: 'Lab Code',
  analyte: 'Test',
  value: 'Result',
  unit: 'Units',
  lod: 'MDL',
  loq: 'PQL',
  kind: 'QC Type',
};

describe('genericLongCsvParser', () => {
  describe('default header (BOM, CRLF, quoted cells, odd spacing)', () => {
    const result = parser.parse(loadFixture('generic-long.csv'));
    const row = rowFinder(result.rows);

    it('reads value, unit, LOD, LOQ, kind and dilution as decimal strings', () => {
      expect(row('LT-2611-000123', 'Total THC')).toEqual({
        line: 5,
        sampleRef: 'LT-2611-000123',
        analyte: 'Total THC',
        value: '21.84',
        raw: '21.84',
        unit: '%',
        lod: '0.01',
        loq: '0.05',
        dilution: '10',
        kind: 'sample',
      });
      expect(row('LT-2611-000126', 'Aflatoxin B1, B2, G1, G2 (sum)')).toMatchObject({ value: '0.0015', raw: '1.5E-03', unit: 'µg/g', loq: '0.001' });
    });

    it('trims odd spacing and treats an empty kind as a sample', () => {
      expect(row('LT-2611-000124', 'Total THC')).toMatchObject({ value: '18.2', kind: 'sample', line: 7 });
    });

    it('keeps ND, <LOQ, <LLOQ, "-----" and "N/A" as qualifiers, never zero', () => {
      expect(row('MB-260314', 'Total THC')).toMatchObject({ qualifier: 'ND', raw: 'ND' });
      expect(row('LT-2611-000123', 'CBD')).toMatchObject({ qualifier: '<LOQ', raw: '<LOQ' });
      expect(row('LT-2611-000125', 'Lead')).toMatchObject({ qualifier: '<LOQ', raw: '<LLOQ' });
      expect(row('LT-2611-000124', 'CBD')).toMatchObject({ qualifier: 'NO_VALUE', raw: '-----' });
      expect(row('LT-2611-000125', 'Cadmium')).toMatchObject({ qualifier: 'NO_VALUE', raw: 'N/A', loq: '0.05' });
      expect(row('LT-2611-000125', 'Cadmium')?.lod).toBeUndefined();
      const qualified = result.rows.filter((r) => r.qualifier);
      expect(qualified.every((r) => r.value === undefined)).toBe(true);
    });

    it('keeps a negative value, flagged', () => {
      expect(row('MB-260314', 'Lead')).toMatchObject({ kind: 'blank', value: '-0.002', flags: ['negative_value'] });
    });

    it('reads the QC kinds', () => {
      expect(row('CAL-1', 'Total THC')?.kind).toBe('calibration');
      expect(row('LT-2611-000123-MS', 'Total THC')).toMatchObject({ kind: 'spike', value: '23.01' });
      expect(row('LT-2611-000123-DUP', 'Total THC')).toMatchObject({ kind: 'duplicate', value: '21.60' });
      expect(row('CCV-1', 'Total THC')).toMatchObject({ kind: 'check_standard', value: '1.02' });
    });

    it('skips a row of an unknown kind with a reason and a warning', () => {
      expect(result.skipped).toEqual([{ line: 16, reason: 'unknown row kind "tune"' }]);
      expect(result.warnings).toEqual(['line 16: unknown row kind "tune" was not imported']);
      expect(result.rows).toHaveLength(13);
    });
  });

  describe('";" separators with decimal commas', () => {
    const result = parser.parse(loadFixture('generic-long-decimal-comma.csv'));

    it('normalises decimal commas in values and limits', () => {
      expect(result.rows[0]).toEqual({
        line: 2,
        sampleRef: 'LT-2611-000123',
        analyte: 'Total THC',
        value: '21.84',
        raw: '21,84',
        unit: '%',
        lod: '0.01',
        loq: '0.05',
        dilution: '10',
        kind: 'sample',
      });
      expect(result.rows[1]).toMatchObject({ analyte: 'beta-Myrcene', value: '0.412', lod: '0.005' });
      expect(result.rows[2]).toMatchObject({ qualifier: 'ND', raw: 'n.d.' });
      expect(result.rows[3]).toMatchObject({ analyte: 'Ethanol', value: '1250', unit: 'µg/g', loq: '50' });
      expect(result.rows[4]).toMatchObject({ kind: 'blank', qualifier: '<LOQ' });
      expect(result.rows[5]).toMatchObject({ kind: 'check_standard', value: '1.02' });
    });
  });

  describe('a saved column mapping', () => {
    it('reads the columns the mapping names', () => {
      const result = parser.parse(loadFixture('generic-long-mapped.csv'), { columnMapping: SAVED_MAPPING });
      expect(result.rows).toEqual([
        { line: 2, sampleRef: 'LT-2611-000123', analyte: 'Water Activity', value: '0.55', raw: '0.55', unit: 'aw', lod: '0.01', loq: '0.03', kind: 'sample' },
        { line: 3, sampleRef: 'LT-2611-000124', analyte: 'Water Activity', value: '0.61', raw: '0.61', unit: 'aw', lod: '0.01', loq: '0.03', kind: 'sample' },
        { line: 4, sampleRef: 'LT-2611-000124', analyte: 'Moisture', value: '11.2', raw: '11.2', unit: '%', lod: '0.1', loq: '0.5', kind: 'sample' },
        {
          line: 5,
          sampleRef: 'AW-CHECK-0.760',
          analyte: 'Water Activity',
          value: '0.762',
          raw: '0.762',
          unit: 'aw',
          lod: '0.01',
          loq: '0.03',
          kind: 'check_standard',
        },
      ]);
    });

    it('names the mapped columns the file lacks', () => {
      expect(() => parser.parse(loadFixture('generic-long-mapped.csv'), { columnMapping: { ...SAVED_MAPPING, dilution: 'Dil' } })).toThrow(
        /^line 1: header lacks the columns dilution \("Dil"\)/,
      );
      expect(() => parser.parse(loadFixture('generic-long-mapped.csv'))).toThrow(/^line 1: header lacks the columns sample \("sample"\)/);
    });
  });

  describe('malformed files', () => {
    it('rejects a row cut off mid-way with its line number', () => {
      const text = loadFixture('generic-long.csv');
      const cut = text.slice(0, text.indexOf(',%,0.01', text.indexOf('LT-2611-000123-DUP')));
      expect(() => parser.parse(cut)).toThrow(ParseError);
      expect(() => parser.parse(cut)).toThrow(/^line 14: expected 8 cells, found 3/);
    });

    it('rejects an unclosed quote with a line number', () => {
      const text = 'sample,analyte,value,unit,lod,loq\nLT-2611-000123,"Total THC,21.84,%,0.01,0.05\n';
      expect(() => parser.parse(text)).toThrow(/^line \d+: unreadable CSV/);
    });
  });

  describe('readCsvRecords', () => {
    it('numbers records by the line they start on, across quoted line breaks', () => {
      const records = readCsvRecords('a,b\n"x\ny",1\n\nz,2\n');
      expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
      expect(records[1].cells).toEqual(['x\ny', '1']);
    });
  });

  describe('detect', () => {
    it('recognises the default header with either separator', () => {
      expect(parser.detect(loadFixture('generic-long.csv'))).toBe(true);
      expect(parser.detect(loadFixture('generic-long-decimal-comma.csv'))).toBe(true);
    });

    it('does not claim a file whose columns need a saved mapping', () => {
      expect(parser.detect(loadFixture('generic-long-mapped.csv'))).toBe(false);
    });

    it.each(otherFixtures(OWN_FIXTURES))('does not claim %s', (name) => {
      expect(parser.detect(loadFixture(name))).toBe(false);
    });
  });
});
