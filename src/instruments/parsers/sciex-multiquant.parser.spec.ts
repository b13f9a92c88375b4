import * as fs from 'fs';
import * as path from 'path';
import { ParseError, ParsedRow } from './parser.types';
import { sciexMultiQuantParser as parser } from './sciex-multiquant.parser';
import { decodeExport } from './text-input';

const AUTHORED = path.join(__dirname, '../../../test/fixtures/instrument-exports/authored');
const fixture = (name: string) => decodeExport(fs.readFileSync(path.join(AUTHORED, name)));
const RESULTS = 'sciex-multiquant-pesticides.txt';

function find(rows: ParsedRow[], sampleRef: string, analyte: string, kind = 'sample'): ParsedRow | undefined {
  return rows.find((r) => r.sampleRef === sampleRef && r.analyte === analyte && r.kind === kind);
}

function parseErrorOf(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('sciexMultiQuantParser', () => {
  const results = parser.parse(fixture(RESULTS));

  it('recognises the results table and no other fixture', () => {
    expect(parser.detect(fixture(RESULTS))).toBe(true);
    for (const dir of [AUTHORED, path.dirname(AUTHORED)]) {
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (fs.statSync(file).isDirectory() || name.startsWith(parser.format)) continue;
        expect({ name, detected: parser.detect(decodeExport(fs.readFileSync(file))) }).toEqual({ name, detected: false });
      }
    }
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
    expect(find(results.rows, 'LT-2611-000123', 'Myclobutanil')).toEqual({
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
    expect(find(results.rows, 'LT-2611-000125', 'Bifenazate')).toMatchObject({ value: '212.4', line: 81, dilution: '50' });
    expect(find(results.rows, 'LT-2611-000125', 'Abamectin B1a')).toMatchObject({ lod: '30', loq: '100' });
  });

  it('reads "No Peak", "< 0", "<LLOQ" and "N/A" as qualifiers, never as zero', () => {
    expect(find(results.rows, 'LT-2611-000123', 'Abamectin B1a')).toMatchObject({ qualifier: 'ND', raw: 'No Peak' });
    expect(find(results.rows, 'MB-240514', 'Bifenazate', 'blank')).toMatchObject({ qualifier: 'ND', raw: '< 0', flags: ['negative_value'], line: 11 });
    expect(find(results.rows, 'LT-2611-000125', 'Acequinocyl')).toMatchObject({ qualifier: '<LOQ', raw: '<LLOQ', line: 80 });
    expect(find(results.rows, 'MB-240514', 'Acequinocyl', 'blank')).toMatchObject({ qualifier: 'NO_VALUE', raw: 'N/A' });
    expect(results.rows.filter((r) => r.qualifier).every((r) => r.value === undefined)).toBe(true);
  });

  it('maps sample types to row kinds, with the actual concentration as the expected value of QC rows', () => {
    const kinds = results.rows
      .filter((r) => r.analyte === 'Bifenazate')
      .reduce<Record<string, number>>((n, r) => ({ ...n, [r.kind]: (n[r.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ blank: 2, calibration: 4, check_standard: 1, sample: 3, spike: 1, duplicate: 1 });
    expect(find(results.rows, 'Double Blank', 'Bifenazate', 'blank')?.qualifier).toBe('ND');
    expect(find(results.rows, 'Cal L4', 'Imidacloprid', 'calibration')).toMatchObject({ value: '997.1', expected: '1000' });
    expect(find(results.rows, 'CCV-0514-1', 'Abamectin B1a', 'check_standard')).toMatchObject({ value: '214.6', expected: '200' });
    expect(find(results.rows, 'LT-2611-000123', 'Bifenazate', 'spike')).toMatchObject({ value: '207.8', expected: '200' });
    expect(find(results.rows, 'LT-2611-000124', 'Bifenazate', 'duplicate')).toMatchObject({ value: '58.92' });
    expect(find(results.rows, 'LT-2611-000124', 'Bifenazate', 'duplicate')?.expected).toBeUndefined();
  });

  it('reads decimal commas written by a European-locale workstation', () => {
    const european = fixture(RESULTS).replace(/(\d)\.(\d)/g, '$1,$2');
    const rows = parser.parse(european).rows;
    expect(find(rows, 'LT-2611-000125', 'Bifenazate')).toMatchObject({ value: '212.4', raw: '212,4' });
    expect(find(rows, 'LT-2611-000123', 'Myclobutanil')?.value).toBe('12.66');
  });

  it('refuses a row cut in the middle, and a table without its key columns', () => {
    const lines = fixture(RESULTS).split('\n').filter((line) => line !== '');
    lines[84] = lines[84].split('\t').slice(0, 20).join('\t');
    const error = parseErrorOf(() => parser.parse(lines.join('\n')));
    expect(error.line).toBe(85);
    expect(error.message).toMatch(/truncated/);
    const headerless = fixture(RESULTS).replace('Calculated Concentration', 'Calc');
    expect(parseErrorOf(() => parser.parse(headerless)).line).toBe(1);
  });
});
