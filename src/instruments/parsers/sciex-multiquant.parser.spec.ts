import { findRow, fixturesDetectedBy, kindCounts, loadFixture, parseErrorOf } from './parser-spec-kit';
import { sciexMultiQuantParser as parser } from './sciex-multiquant.parser';

const RESULTS = 'sciex-multiquant-pesticides.txt';

describe('sciexMultiQuantParser', () => {
  const results = parser.parse(loadFixture(RESULTS));

  it('recognises the results table and no other fixture', () => {
    expect(parser.detect(loadFixture(RESULTS))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(new Set([RESULTS, 'steep-pfas-sciex-os-cs0-standard.txt']));
  });

  it('reads method, results file and the earliest acquisition from the rows', () => {
    expect(results.meta).toEqual({ method: 'Pest_66_pos_neg.dam', batch: 'PEST_240514.wiff', acquiredAt: '2024-05-14T13:02:14' });
    expect(results.warnings).toEqual([]);
  });

  it('reads one row per injection and component, skipping the internal standard', () => {
    expect(results.rows).toHaveLength(12 * 6);
    expect(results.skipped).toHaveLength(12);
    expect(results.skipped[0]).toEqual({ line: 8, reason: 'internal standard Imidacloprid-d4' });
  });

  it('keeps values, units, limits and dilution as written', () => {
    expect(findRow(results.rows, 'LT-2611-000123', 'Myclobutanil')).toEqual({
      line: 55,
      sampleRef: 'LT-2611-000123',
      analyte: 'Myclobutanil',
      value: '12.66',
      raw: '12.66',
      unit: 'ng/g',
      lod: '10',
      loq: '50',
      dilution: '10',
      kind: 'sample',
    });
    expect(findRow(results.rows, 'LT-2611-000125', 'Bifenazate')).toMatchObject({ value: '212.4', line: 81, dilution: '50' });
    expect(findRow(results.rows, 'LT-2611-000125', 'Abamectin B1a')).toMatchObject({ lod: '30', loq: '100' });
  });

  it('reads "No Peak", "< 0", "<LLOQ" and "N/A" as qualifiers, never as zero', () => {
    expect(findRow(results.rows, 'LT-2611-000123', 'Abamectin B1a')).toMatchObject({ qualifier: 'ND', raw: 'No Peak' });
    expect(findRow(results.rows, 'MB-240514', 'Bifenazate', 'blank')).toMatchObject({ qualifier: 'ND', raw: '< 0', flags: ['negative_value'], line: 11 });
    expect(findRow(results.rows, 'LT-2611-000125', 'Acequinocyl')).toMatchObject({ qualifier: '<LOQ', raw: '<LLOQ', line: 80 });
    expect(findRow(results.rows, 'MB-240514', 'Acequinocyl', 'blank')).toMatchObject({ qualifier: 'NO_VALUE', raw: 'N/A' });
    expect(results.rows.filter((r) => r.qualifier).every((r) => r.value === undefined)).toBe(true);
  });

  it('maps sample types to row kinds, with the actual concentration as the expected value of QC rows', () => {
    const kinds = kindCounts(results.rows.filter((r) => r.analyte === 'Bifenazate'));
    expect(kinds).toEqual({ blank: 2, calibration: 4, check_standard: 1, sample: 3, spike: 1, duplicate: 1 });
    expect(findRow(results.rows, 'Double Blank', 'Bifenazate', 'blank')?.qualifier).toBe('ND');
    expect(findRow(results.rows, 'Cal L4', 'Imidacloprid', 'calibration')).toMatchObject({ value: '997.1', expected: '1000' });
    expect(findRow(results.rows, 'CCV-0514-1', 'Abamectin B1a', 'check_standard')).toMatchObject({ value: '214.6', expected: '200' });
    expect(findRow(results.rows, 'LT-2611-000123', 'Bifenazate', 'spike')).toMatchObject({ value: '207.8', expected: '200' });
    expect(findRow(results.rows, 'LT-2611-000124', 'Bifenazate', 'duplicate')).toMatchObject({ value: '58.92' });
    expect(findRow(results.rows, 'LT-2611-000124', 'Bifenazate', 'duplicate')?.expected).toBeUndefined();
  });

  it('reads decimal commas written by a European-locale workstation', () => {
    const european = loadFixture(RESULTS).replace(/(\d)\.(\d)/g, '$1,$2');
    const rows = parser.parse(european).rows;
    expect(findRow(rows, 'LT-2611-000125', 'Bifenazate')).toMatchObject({ value: '212.4', raw: '212,4' });
    expect(findRow(rows, 'LT-2611-000123', 'Myclobutanil')?.value).toBe('12.66');
  });

  it('refuses a row cut in the middle, and a table without its key columns', () => {
    const lines = loadFixture(RESULTS)
      .split('\n')
      .filter((line) => line !== '');
    lines[84] = lines[84].split('\t').slice(0, 20).join('\t');
    const error = parseErrorOf(() => parser.parse(lines.join('\n')));
    expect(error.line).toBe(85);
    expect(error.message).toMatch(/truncated/);
    const headerless = loadFixture(RESULTS).replace('Calculated Concentration', 'Calc');
    expect(parseErrorOf(() => parser.parse(headerless)).line).toBe(1);
  });
});
