import { fixtureBytes, fixturesDetectedBy, loadFixture, parseErrorOf } from './parser-spec-kit';
import { waterActivityParser as parser } from './water-activity.parser';

const EXPORT = 'water-activity-aqualab-4te.csv';

describe('waterActivityParser', () => {
  const result = parser.parse(loadFixture(EXPORT));
  const at = (line: number) => result.rows.find((r) => r.line === line);

  it('recognises the AQUALAB export (UTF-8 with BOM, CRLF) and no other fixture', () => {
    expect([...fixtureBytes(EXPORT).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parser.detect(loadFixture(EXPORT))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(new Set([EXPORT]));
  });

  it('reads the preamble into file metadata', () => {
    expect(result.meta).toEqual({ instrument: 'AQUALAB 4TE 4TE-19052214', operator: 'J. Rivera', acquiredAt: '2024-05-14T08:31:07' });
  });

  it('reads each reading as a Water activity row in aw, value as written', () => {
    expect(result.rows).toHaveLength(9);
    expect(result.rows.every((r) => r.analyte === 'Water activity' && r.unit === 'aw')).toBe(true);
    expect(at(12)).toEqual({ line: 12, sampleRef: 'LT-2611-000123', analyte: 'Water activity', value: '0.5512', raw: '0.5512', unit: 'aw', kind: 'sample' });
    expect(at(14)).toMatchObject({ sampleRef: 'LT-2611-000124', value: '0.6021', raw: '0.6021' });
    expect(at(13)).toMatchObject({ sampleRef: 'LT-2611-000123', kind: 'duplicate', value: '0.5489' });
  });

  it('treats verification salts as check standards expecting their nominal aw', () => {
    expect(at(9)).toMatchObject({ kind: 'check_standard', value: '0.7598', expected: '0.760' });
    expect(at(10)).toMatchObject({ kind: 'check_standard', value: '0.5013', expected: '0.500' });
    expect(at(11)).toMatchObject({ kind: 'check_standard', value: '0.2496', expected: '0.250' });
    expect(at(17)).toMatchObject({ kind: 'check_standard', value: '0.7605', expected: '0.760' });
  });

  it('flags a reading taken off temperature and keeps a failed read as no value, never zero', () => {
    expect(at(15)?.flags).toEqual(['read at 26.31 °C, outside 24.5-25.5 °C']);
    expect(at(16)).toMatchObject({ sampleRef: 'LT-2611-000126', qualifier: 'NO_VALUE', raw: '---', flags: ['instrument status "Timeout"'] });
    expect(at(16)?.value).toBeUndefined();
    expect(result.rows.some((r) => r.lod !== undefined || r.loq !== undefined)).toBe(false);
  });

  it('refuses a reading cut in the middle with its line', () => {
    const cut = loadFixture(EXPORT).split('\n').slice(0, 15);
    cut[14] = '05/14/2024,09:21:30,LT-2611-000125,0.80';
    const error = parseErrorOf(() => parser.parse(cut.join('\n')));
    expect(error.line).toBe(15);
    expect(error.message).toMatch(/truncated/);
  });

  it('refuses a file without a water activity column', () => {
    expect(parseErrorOf(() => parser.parse('Date,Time,Sample ID,Weight\n05/14/2024,08:31:07,X,1\n')).line).toBe(1);
  });
});
