import { findRow, fixturesDetectedBy, kindCounts, loadFixture, parseErrorOf } from './parser-spec-kit';
import { watersTargetLynxParser as parser } from './waters-targetlynx.parser';

const REPORT = 'waters-targetlynx-mycotoxins.txt';

describe('watersTargetLynxParser', () => {
  const report = parser.parse(loadFixture(REPORT));

  it('recognises the compound summary report and no other fixture', () => {
    expect(parser.detect(loadFixture(REPORT))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(
      new Set([
        REPORT,
        'p2m2tools-070120-saturation-cqa.txt',
        'p2m2tools-190522-97.txt',
        'p2m2tools-mass-15ngly-um-column.txt',
        'gnd96-translator-demo-13c-pyruvate-lactate.txt',
      ]),
    );
  });

  it('reads the dataset and the first acquisition time', () => {
    expect(report.meta).toEqual({ batch: 'MYCO_240514.qld', acquiredAt: '2024-05-14T09:02:11' });
    expect(report.warnings).toEqual([]);
  });

  it('turns each compound block into one row per injection and skips the internal standard', () => {
    expect(report.rows).toHaveLength(5 * 13);
    expect(new Set(report.rows.map((r) => r.analyte))).toEqual(new Set(['Aflatoxin B1', 'Aflatoxin B2', 'Aflatoxin G1', 'Aflatoxin G2', 'Ochratoxin A']));
    expect(report.skipped).toHaveLength(13);
    expect(report.skipped[0]).toEqual({ line: 97, reason: 'internal standard 13C17-Aflatoxin B1' });
  });

  it('takes the unit from the concentration column title', () => {
    expect(report.rows.every((r) => r.unit === 'ug/kg')).toBe(true);
    expect(findRow(report.rows, 'LT-2611-000125', 'Aflatoxin B1')).toEqual({
      line: 24,
      sampleRef: 'LT-2611-000125',
      analyte: 'Aflatoxin B1',
      value: '3.12',
      raw: '3.12',
      unit: 'ug/kg',
      kind: 'sample',
    });
  });

  it('maps Type to row kinds and keeps Std. Conc as the expected value of QC rows', () => {
    const kinds = kindCounts(report.rows.filter((r) => r.analyte === 'Aflatoxin B1'));
    expect(kinds).toEqual({ blank: 2, calibration: 5, check_standard: 1, sample: 3, spike: 1, duplicate: 1 });
    expect(findRow(report.rows, 'CCV 5 ppb', 'Aflatoxin B1', 'check_standard')).toMatchObject({ value: '5.21', expected: '5.000', line: 19 });
    expect(findRow(report.rows, 'Cal 5', 'Ochratoxin A', 'calibration')).toMatchObject({ value: '20.07', expected: '20.000' });
    expect(findRow(report.rows, 'LT-2611-000123', 'Ochratoxin A', 'spike')).toMatchObject({ value: '11.42', expected: '10.000' });
    expect(findRow(report.rows, 'LT-2611-000124', 'Ochratoxin A', 'duplicate')).toMatchObject({ value: '2.51', line: 91 });
    expect(findRow(report.rows, 'LT-2611-000124', 'Ochratoxin A')?.value).toBe('2.64');
    expect(report.rows.filter((r) => r.kind === 'sample').every((r) => r.expected === undefined)).toBe(true);
  });

  it('reads an injection with no peak as ND and keeps a negative concentration flagged', () => {
    const missing = findRow(report.rows, 'LT-2611-000123', 'Aflatoxin B1');
    expect(missing).toMatchObject({ qualifier: 'ND', raw: '' });
    expect(missing?.value).toBeUndefined();
    expect(findRow(report.rows, 'Method Blank', 'Aflatoxin B2', 'blank')).toMatchObject({
      value: '-0.08',
      flags: ['negative_value'],
      line: 30,
    });
  });

  it('refuses a report whose last compound block is cut short', () => {
    const cut = loadFixture(REPORT).split('\n').slice(0, 100).join('\n');
    const error = parseErrorOf(() => parser.parse(cut));
    expect(error.line).toBe(100);
    expect(error.message).toMatch(/lists 4 injections, the first compound 13/);
  });

  it('refuses a row cut in the middle', () => {
    const lines = loadFixture(REPORT).split('\n').slice(0, 35);
    lines[34] = lines[34].split('\t').slice(0, 6).join('\t');
    expect(parseErrorOf(() => parser.parse(lines.join('\n'))).line).toBe(35);
  });
});
