import { moistureAnalyzerParser as parser } from './moisture-analyzer.parser';
import { fixturesDetectedBy, loadFixture, parseErrorOf } from './parser-spec-kit';

const METTLER = 'moisture-analyzer-mettler-hx204.txt';
const OHAUS = 'moisture-analyzer-ohaus-mb120.txt';

describe('moistureAnalyzerParser', () => {
  const mettler = parser.parse(loadFixture(METTLER));
  const at = (line: number) => mettler.rows.find((r) => r.line === line);

  it('recognises Mettler-Toledo and Ohaus printouts and no other fixture', () => {
    expect(parser.detect(loadFixture(METTLER))).toBe(true);
    expect(parser.detect(loadFixture(OHAUS))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(new Set([METTLER, OHAUS]));
  });

  it('reads instrument, method, time and user from the first printout', () => {
    expect(mettler.meta).toEqual({ instrument: 'METTLER TOLEDO HX204', method: 'Flower 105C', acquiredAt: '2024-05-14T08:12:40', operator: 'J. Rivera' });
  });

  it('reads each %MC final result as Moisture in %, value as printed', () => {
    expect(mettler.rows).toHaveLength(5);
    expect(mettler.rows.every((r) => r.analyte === 'Moisture' && r.unit === '%')).toBe(true);
    expect(at(48)).toEqual({ line: 48, sampleRef: 'LT-2611-000123', analyte: 'Moisture', value: '9.87', raw: '9.87 %MC', unit: '%', kind: 'sample' });
    expect(at(76)).toMatchObject({ sampleRef: 'LT-2611-000123', kind: 'duplicate', value: '10.02' });
    expect(at(104)).toMatchObject({ sampleRef: 'LT-2611-000124', value: '11.46' });
  });

  it('treats sodium tartrate as a check standard expecting 15.66 % water', () => {
    expect(at(20)).toMatchObject({ sampleRef: 'Na-Tartrate CHK', kind: 'check_standard', value: '15.61', expected: '15.66' });
  });

  it('keeps an aborted analysis as no value, never zero, and skips a dry-content result', () => {
    expect(at(133)).toMatchObject({ sampleRef: 'LT-2611-000125', qualifier: 'NO_VALUE', flags: ['analysis aborted'] });
    expect(at(133)?.value).toBeUndefined();
    expect(mettler.skipped).toEqual([{ line: 160, reason: 'result in %DC, not moisture content (%MC)' }]);
  });

  it('reads Ohaus "Key: value" printouts with decimal commas and European dates', () => {
    const ohaus = parser.parse(loadFixture(OHAUS));
    expect(ohaus.meta).toEqual({ instrument: 'OHAUS MB120', method: 'Standard', acquiredAt: '2024-05-14T14:03:00', operator: 'K. Osei' });
    expect(ohaus.rows).toEqual([
      { line: 13, sampleRef: 'LT-2611-000127', analyte: 'Moisture', value: '8.96', raw: '8,96 %MC', unit: '%', kind: 'sample' },
      { line: 29, sampleRef: 'LT-2611-000128', analyte: 'Moisture', value: '8.22', raw: '8,22 %MC', unit: '%', kind: 'sample' },
    ]);
  });

  it('refuses a printout cut before its final result, naming its last line', () => {
    const cut = loadFixture(METTLER).split('\n').slice(0, 157).join('\n');
    const error = parseErrorOf(() => parser.parse(cut));
    expect(error.line).toBe(157);
    expect(error.message).toMatch(/truncated/);
  });

  it('skips a printout without a sample ID instead of guessing whose it is', () => {
    const text = loadFixture(OHAUS).replace('Sample ID: LT-2611-000127', 'Sample ID:');
    const result = parser.parse(text);
    expect(result.skipped).toEqual([{ line: 13, reason: 'printout without a sample ID' }]);
    expect(result.rows.map((r) => r.sampleRef)).toEqual(['LT-2611-000128']);
  });
});
