import { agilentIcpmsMassHunterParser as parser } from './agilent-icpms-masshunter.parser';
import { findRow, fixturesDetectedBy, kindCounts, loadFixture, parseErrorOf } from './parser-spec-kit';

const BATCH = 'agilent-icpms-masshunter-metals.csv';

describe('agilentIcpmsMassHunterParser', () => {
  const batch = parser.parse(loadFixture(BATCH));

  it('recognises the batch table and no other fixture', () => {
    expect(parser.detect(loadFixture(BATCH))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(new Set([BATCH, 'icpmsdatareduction-7900-semicolon-fr.csv']));
  });

  it('reads one row per injection and element, not the internal standards', () => {
    expect(batch.meta).toEqual({ acquiredAt: '2024-05-14T13:02:00' });
    expect(batch.rows).toHaveLength(13 * 4);
    expect(new Set(batch.rows.map((r) => r.analyte))).toEqual(new Set(['As', 'Cd', 'Hg', 'Pb']));
    expect(batch.rows.every((r) => r.unit === 'ug/l')).toBe(true);
    expect(batch.warnings).toEqual([]);
  });

  it('keeps concentrations as written with the total dilution', () => {
    expect(findRow(batch.rows, 'LT-2611-000123', 'Pb')).toEqual({
      line: 9,
      sampleRef: 'LT-2611-000123',
      analyte: 'Pb',
      value: '0.214',
      raw: '0.214',
      unit: 'ug/l',
      dilution: '50',
      kind: 'sample',
    });
    expect(findRow(batch.rows, 'LT-2611-000124', 'Hg')).toMatchObject({ value: '0.0031', line: 12 });
    expect(findRow(batch.rows, 'Cal Std 3', 'Cd', 'calibration')?.value).toBe('10.020');
  });

  it('reads "<0.000" as a flagged non-detect and "N/A" as no value, never as zero', () => {
    expect(findRow(batch.rows, 'LT-2611-000123', 'Hg')).toMatchObject({ qualifier: 'ND', raw: '<0.000', flags: ['negative_value'] });
    expect(findRow(batch.rows, 'Method Blank', 'Cd', 'blank')).toMatchObject({ qualifier: 'ND', raw: '<0.000' });
    expect(findRow(batch.rows, 'Method Blank', 'Pb', 'blank')?.value).toBe('0.011');
    expect(findRow(batch.rows, 'LT-2611-000125', 'Cd')).toMatchObject({ qualifier: 'NO_VALUE', raw: 'N/A' });
    expect(batch.rows.filter((r) => r.qualifier).every((r) => r.value === undefined)).toBe(true);
  });

  it('flags every result of an injection rejected in MassHunter', () => {
    const rejected = batch.rows.filter((r) => r.line === 13);
    expect(rejected).toHaveLength(4);
    expect(rejected.every((r) => r.flags?.includes('rejected in MassHunter'))).toBe(true);
    expect(findRow(batch.rows, 'LT-2611-000125', 'As')?.value).toBe('0.031');
  });

  it('maps MassHunter sample types and QC names to row kinds', () => {
    const kinds = kindCounts(batch.rows.filter((r) => r.analyte === 'As'));
    expect(kinds).toEqual({ calibration: 4, check_standard: 2, blank: 2, sample: 3, duplicate: 1, spike: 1 });
    expect(findRow(batch.rows, 'Cal Blank', 'As', 'calibration')?.value).toBe('0.000');
    expect(findRow(batch.rows, 'ICV 5 ppb', 'As', 'check_standard')?.value).toBe('5.087');
    expect(findRow(batch.rows, 'CCB', 'As', 'blank')?.qualifier).toBe('ND');
    expect(findRow(batch.rows, 'LT-2611-000123', 'As', 'duplicate')?.value).toBe('0.069');
    expect(findRow(batch.rows, 'LT-2611-000123', 'As', 'spike')).toMatchObject({ value: '1.081', line: 11 });
  });

  it('skips tune checks and warns about sample types it does not know', () => {
    const text = loadFixture(BATCH).replace(',Sample,, LT-2611-000124,', ',TuneCheck,, LT-2611-000124,').replace(',QC,,CCV 5 ppb,', ',Verify2,,CCV 5 ppb,');
    const result = parser.parse(text);
    expect(result.skipped).toEqual([{ line: 12, reason: 'sample type "TuneCheck" is not a result or QC type' }]);
    expect(result.warnings).toEqual(['line 14: unfamiliar Type "Verify2", role taken from the sample name']);
    expect(findRow(result.rows, 'CCV 5 ppb', 'Pb', 'check_standard')?.value).toBe('4.987');
  });

  it('refuses a row cut in the middle with its line', () => {
    const lines = loadFixture(BATCH)
      .split('\n')
      .filter((line) => line !== '');
    lines[14] = lines[14].split(',').slice(0, 12).join(',');
    const error = parseErrorOf(() => parser.parse(lines.join('\n')));
    expect(error.line).toBe(15);
    expect(error.message).toMatch(/truncated/);
  });
});
