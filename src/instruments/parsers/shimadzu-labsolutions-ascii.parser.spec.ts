import { findRow, fixturesDetectedBy, kindCounts, loadFixture, parseErrorOf } from './parser-spec-kit';
import { shimadzuLabSolutionsAsciiParser as parser } from './shimadzu-labsolutions-ascii.parser';

const BATCH = 'shimadzu-labsolutions-ascii-potency-batch.txt';
const EDIBLE = 'shimadzu-labsolutions-ascii-edible-decimal-comma.txt';

function withoutLinesAfter(text: string, lastLine: number): string {
  return text.split('\n').slice(0, lastLine).join('\n');
}

describe('shimadzuLabSolutionsAsciiParser', () => {
  const batch = parser.parse(loadFixture(BATCH));

  it('recognises its own exports and no other fixture', () => {
    expect(parser.detect(loadFixture(BATCH))).toBe(true);
    expect(parser.detect(loadFixture(EDIBLE))).toBe(true);
    expect(fixturesDetectedBy(parser)).toEqual(new Set([BATCH, EDIBLE, 'chromatopy-lcsolution-output-sample-4.txt']));
  });

  it('reads file metadata from the first data file block', () => {
    expect(batch.format).toBe('shimadzu-labsolutions-ascii');
    expect(batch.meta).toEqual({
      instrument: 'HPLC-01 Nexera LC-40 PDA',
      method: 'Cannabinoids_11_PDA.lcm',
      acquiredAt: '2024-05-14T09:02:11',
      operator: 'M.Okafor',
      batch: 'POT_240514.lcb',
    });
    expect(batch.warnings).toEqual([]);
    expect(batch.skipped).toEqual([]);
  });

  it('turns every compound of every data file into a row, with its role', () => {
    expect(batch.rows).toHaveLength(10 * 11);
    const kinds = kindCounts(batch.rows);
    expect(kinds).toEqual({ blank: 11, calibration: 33, check_standard: 11, sample: 33, duplicate: 11, spike: 11 });
    expect(new Set(batch.rows.filter((r) => r.kind === 'sample').map((r) => r.sampleRef))).toEqual(
      new Set(['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125']),
    );
  });

  it('keeps concentrations as written, with the unit and dilution of the data file', () => {
    expect(findRow(batch.rows, 'LT-2611-000123', 'THCA')).toEqual({
      line: 335,
      sampleRef: 'LT-2611-000123',
      analyte: 'THCA',
      value: '24.3180',
      raw: '24.3180',
      unit: '%',
      dilution: '40',
      kind: 'sample',
    });
    expect(findRow(batch.rows, 'LT-2611-000125', 'd9-THC')?.value).toBe('4.8150');
    expect(findRow(batch.rows, 'LT-2611-000125', 'd9-THC')?.dilution).toBe('100');
  });

  it('reads a compound whose peak was not found as ND, never as zero', () => {
    const cbd = findRow(batch.rows, 'LT-2611-000123', 'CBD');
    expect(cbd).toMatchObject({ qualifier: 'ND', raw: '-----', unit: '%' });
    expect(cbd?.value).toBeUndefined();
    expect(batch.rows.filter((r) => r.qualifier).every((r) => r.value === undefined)).toBe(true);
  });

  it('takes QC roles from the sample type and the sample id', () => {
    expect(findRow(batch.rows, 'MB-240514', 'THCA', 'blank')?.value).toBe('0.0021');
    expect(findRow(batch.rows, 'Cannabinoid Std L3', 'CBN', 'calibration')?.value).toBe('5.0900');
    expect(findRow(batch.rows, 'CCV 0.5', 'THCA', 'check_standard')?.value).toBe('0.5137');
    expect(findRow(batch.rows, 'LT-2611-000123', 'THCA', 'duplicate')?.value).toBe('24.1070');
    expect(findRow(batch.rows, 'LT-2611-000124', 'CBD', 'spike')).toMatchObject({ value: '0.9880', line: 497 });
  });

  it('does not invent limits the export does not carry', () => {
    expect(batch.rows.some((r) => r.lod !== undefined || r.loq !== undefined)).toBe(false);
  });

  it('reads decimal commas and day-first dates from a European-locale workstation', () => {
    const edible = parser.parse(loadFixture(EDIBLE));
    expect(edible.meta).toMatchObject({ method: 'Edibles_mg_g.lcm', acquiredAt: '2024-05-14T13:41:07', batch: 'EDI_240514.lcb' });
    expect(edible.rows).toHaveLength(11);
    expect(findRow(edible.rows, 'LT-2611-000126', 'd9-THC')).toMatchObject({ value: '2.4870', raw: '2,4870', unit: 'mg/g', dilution: '10' });
    expect(findRow(edible.rows, 'LT-2611-000126', 'CBD')).toMatchObject({ qualifier: 'ND', raw: 'ND', unit: 'mg/g' });
  });

  it('refuses a table cut short of its "# of IDs" with the line where it stops', () => {
    const cut = withoutLinesAfter(loadFixture(BATCH), 555);
    const error = parseErrorOf(() => parser.parse(cut));
    expect(error.line).toBe(555);
    expect(error.message).toMatch(/declares 11 compounds.*lists 7/);
  });

  it('refuses a row cut in the middle', () => {
    const lines = loadFixture(BATCH).split('\n');
    const cut = [...lines.slice(0, 552), '8\td9-THC\t1\t8.6'].join('\n');
    expect(parseErrorOf(() => parser.parse(cut)).line).toBe(553);
  });

  it('refuses a data file block that ends before its results', () => {
    const cut = withoutLinesAfter(loadFixture(BATCH), 530);
    const error = parseErrorOf(() => parser.parse(cut));
    expect(error.line).toBe(530);
    expect(error.message).toMatch(/no \[Compound Results/);
  });
});
