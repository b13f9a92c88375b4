import { agilentChemStationReportParser as parser } from './agilent-chemstation-report.parser';
import { fixtureBytes, fixturesDetectedBy, loadFixture, parseErrorOf } from './parser-spec-kit';
import { ParsedRow } from './parser.types';

const SAMPLE = 'agilent-chemstation-report-LT-2611-000123.txt';
const CCV = 'agilent-chemstation-report-ccv.txt';

const byAnalyte = (rows: ParsedRow[], analyte: string) => rows.find((r) => r.analyte === analyte);

describe('agilentChemStationReportParser', () => {
  const sample = parser.parse(loadFixture(SAMPLE));

  it('reads the report as ChemStation writes it: UTF-16LE with a byte-order mark, CRLF', () => {
    expect([...fixtureBytes(SAMPLE).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(fixtureBytes(SAMPLE).includes(Buffer.from('\r\n', 'utf16le'))).toBe(true);
    expect(parser.detect(loadFixture(SAMPLE))).toBe(true);
    expect(parser.detect(loadFixture(CCV))).toBe(true);
  });

  it('does not claim any other fixture', () => {
    expect(fixturesDetectedBy(parser)).toEqual(
      new Set([SAMPLE, CCV, 'p2m2tools-openlabcds-istd-std500.txt', 'chromatopy-docs-area-percent-fid-tcd.txt', 'gc-report-to-excel-readme-istd-percent.txt']),
    );
  });

  it('reads the header, splitting lines that hold two "Key : value" pairs', () => {
    expect(sample.meta).toEqual({
      instrument: 'HPLC-02 1260 Infinity II',
      method: 'CANNABINOIDS_11.M',
      acquiredAt: '2024-05-14T10:41:07',
      operator: 'M. Okafor',
      batch: 'POT240514 2024-05-14 08-55-12',
    });
  });

  it('cuts the fixed-width table at the ruler and keeps amounts exactly, exponent expanded', () => {
    expect(sample.rows).toHaveLength(11);
    expect(byAnalyte(sample.rows, 'CBGA')).toEqual({
      line: 35,
      sampleRef: 'LT-2611-000123',
      analyte: 'CBGA',
      value: '0.981212',
      raw: '9.81212e-1',
      unit: '%',
      dilution: '40.0000',
      kind: 'sample',
    });
    expect(byAnalyte(sample.rows, 'THCA')).toMatchObject({ value: '24.31800', line: 43 });
    expect(byAnalyte(sample.rows, 'd9-THC')?.value).toBe('0.712');
  });

  it('reads a calibrated compound that was not found as ND, never zero, and skips the totals line', () => {
    for (const analyte of ['CBDV', 'CBDA', 'CBD', 'THCV', 'd8-THC']) {
      const row = byAnalyte(sample.rows, analyte);
      expect(row).toMatchObject({ qualifier: 'ND', raw: '-', kind: 'sample' });
      expect(row?.value).toBeUndefined();
    }
    expect(sample.skipped).toEqual([{ line: 45, reason: 'totals line' }]);
  });

  it('reads a check standard in the classic date format with its own unit', () => {
    const ccv = parser.parse(loadFixture(CCV));
    expect(ccv.meta.acquiredAt).toBe('2024-05-14T11:02:51');
    expect(ccv.rows).toHaveLength(11);
    expect(ccv.rows.every((r) => r.kind === 'check_standard' && r.sampleRef === 'CCV-0514-02' && r.unit === 'ug/ml')).toBe(true);
    expect(byAnalyte(ccv.rows, 'THCA')?.value).toBe('49.71672');
    expect(ccv.rows.some((r) => r.lod !== undefined || r.loq !== undefined)).toBe(false);
  });

  it('skips an uncalibrated peak that has no compound name', () => {
    const lines = loadFixture(SAMPLE).split('\n');
    const uncalibrated = `${'6.245'.padStart(7)}  BV    ${'12.04311'.padStart(10)} ${'-'.padStart(10)} ${'-'.padStart(10)}`;
    lines.splice(38, 0, uncalibrated);
    const result = parser.parse(lines.join('\n'));
    expect(result.rows).toHaveLength(11);
    expect(result.skipped).toContainEqual({ line: 39, reason: 'uncalibrated peak without a compound name' });
  });

  it('refuses a report cut before "*** End of Report ***", naming the last line', () => {
    const cut = loadFixture(SAMPLE).split('\n').slice(0, 40).join('\n');
    const error = parseErrorOf(() => parser.parse(cut));
    expect(error.line).toBe(40);
    expect(error.message).toMatch(/truncated/);
  });

  it('refuses a garbled table row with its line', () => {
    const lines = loadFixture(SAMPLE).split('\n');
    lines[36] = '  ##### garbled';
    expect(parseErrorOf(() => parser.parse(lines.join('\n'))).line).toBe(37);
  });
});
