import { readFileSync } from 'fs';
import { join } from 'path';
import { parseCoaPdf, parseCoaText, reconcileCoa } from '../coa-import';
import { CoaAnalyteRow, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { PdfParseTextExtractor } from '../pdf-text';
import { confidentCannabisCoaLayout } from './confident-cannabis.layout';

const FIXTURES = join(__dirname, '../../../../test/fixtures/coa-pdfs');
const flowerPdf = readFileSync(join(FIXTURES, 'confident-cannabis_Classic_Jack.pdf'));
const ediblePdf = readFileSync(join(FIXTURES, 'confident-cannabis_Elyxr-Gummy.pdf'));

function row(parsed: ParsedCoa, analyte: string): CoaAnalyteRow | undefined {
  return parsed.analytes.find((r) => r.analyte === analyte);
}

describe('Confident Cannabis layout, compliance template (Caligreen flower)', () => {
  let flower: ParsedCoa;
  let flowerText: string;

  beforeAll(async () => {
    flower = await parseCoaPdf(flowerPdf);
    flowerText = (await new PdfParseTextExtractor().extract(flowerPdf)).text;
  });

  it('reads the sample block', () => {
    expect(flower).toMatchObject({
      layout: 'confident-cannabis',
      labName: 'Caligreen Laboratories',
      labCode: 'C8-0000104-LIC',
      sampleIds: ['2206CGL1823.4290'],
      inventoryIds: ['1A4060300004EEF000055313', '1A4060300004EEF000055294'],
      productName: 'Classic Jack',
      productType: 'flower',
      collectedAt: '2022-06-17',
      receivedAt: '2022-06-17',
      testedAt: '2022-06-21',
      releasedAt: '2022-06-21',
      reportedOverall: 'pass',
    });
  });

  it('reads the per-group verdicts, "Complete" as tested and "Not Tested" left out', () => {
    expect(flower.reportedGroups).toEqual({
      cannabinoids: 'tested',
      terpenes: 'tested',
      moisture: 'tested',
      water_activity: 'pass',
      microbials: 'pass',
      mycotoxins: 'pass',
      pesticides: 'pass',
      metals: 'pass',
      foreign_matter: 'pass',
    });
    expect(flower.warnings).toContain('foreign_matter: the COA gives a verdict but no result rows were read.');
  });

  it('keeps the result column in the LOQ unit (mg/g) with decimals exactly as printed', () => {
    expect(row(flower, 'THCa')).toEqual({ group: 'cannabinoids', analyte: 'THCa', value: '340.54', unit: 'mg/g', loq: '1.06' });
    expect(row(flower, 'Δ9-THC')).toMatchObject({ value: '7.90', unit: 'mg/g' });
    expect(row(flower, 'CBDa')).toEqual({ group: 'cannabinoids', analyte: 'CBDa', qualifier: '<LOQ', unit: 'mg/g', loq: '1.06' });
    expect(row(flower, 'Δ8-THC')).toMatchObject({ qualifier: 'ND' });
    expect(row(flower, 'Δ8-THC')?.value).toBeUndefined();
    expect(row(flower, 'Terpinolene')).toMatchObject({ group: 'terpenes', value: '5.09', unit: 'mg/g', loq: '0.06' });
  });

  it('reads metals and pesticides with LOQ, limit and per-row verdicts in µg/g', () => {
    expect(row(flower, 'Arsenic')).toEqual({
      group: 'metals',
      analyte: 'Arsenic',
      qualifier: '<LOQ',
      unit: 'µg/g',
      loq: '0.05',
      limit: '0.2',
      reportedStatus: 'pass',
    });
    expect(row(flower, 'Aldicarb')).toMatchObject({ group: 'pesticides', qualifier: 'ND', loq: '0.075', limit: '0.01875', reportedStatus: 'pass' });
    expect(flower.analytes.filter((r) => r.group === 'pesticides')).toHaveLength(66);
  });

  it('reads rows with blank cells: the lone number of a judged row is its limit, "Tested" rows have no limit', () => {
    expect(row(flower, 'Total Aflatoxins')).toEqual({
      group: 'mycotoxins',
      analyte: 'Total Aflatoxins',
      qualifier: 'ND',
      unit: 'µg/kg',
      limit: '20',
      reportedStatus: 'pass',
    });
    expect(row(flower, 'B1')).toEqual({ group: 'mycotoxins', analyte: 'B1', qualifier: 'ND', unit: 'µg/kg', loq: '5', reportedStatus: 'tested' });
    expect(flower.warnings.some((w) => w.startsWith('mycotoxins: some rows print fewer numbers'))).toBe(true);
  });

  it('restores fi/fl ligatures pdf-parse loses, and reads presence tests as ND per 1 g', () => {
    expect(row(flower, 'Aspergillus flavus')).toEqual({ group: 'microbials', analyte: 'Aspergillus flavus', qualifier: 'ND', unit: 'per 1g' });
    expect(row(flower, 'Cyfluthrin')).toBeDefined();
    expect(row(flower, 'Trifloxystrobin')).toBeDefined();
    // eslint-disable-next-line no-control-regex -- PDF text carries NUL (U+0000) where a ligature glyph was lost; matching it is the point
    expect(flower.analytes.filter((r) => /[\u0000\ufffd]/.test(r.analyte))).toEqual([]);
  });

  it('takes moisture and water activity from the safety summary', () => {
    expect(row(flower, 'Moisture')).toEqual({ group: 'moisture', analyte: 'Moisture', value: '12.2', unit: '%', reportedStatus: 'tested' });
    expect(row(flower, 'Water Activity')).toEqual({
      group: 'water_activity',
      analyte: 'Water Activity',
      value: '0.51',
      unit: 'aw',
      reportedStatus: 'pass',
    });
  });

  it('finds nothing inconsistent in the COA as issued', () => {
    expect(reconcileCoa(flower)).toEqual([]);
  });

  it('reads a failing cannabis row in the same layout, and reconcile shows the group and overall still say pass', () => {
    const failing = flowerText.replace('Myclobutanil 0.01875 0.075 0.1 ND Pass', 'Myclobutanil 0.01875 0.075 0.1 0.452 Fail');
    const parsed = confidentCannabisCoaLayout.parse(failing);
    expect(row(parsed, 'Myclobutanil')).toMatchObject({ value: '0.452', limit: '0.1', reportedStatus: 'fail' });
    expect(reconcileCoa(parsed).map((i) => i.code)).toEqual(['row_fail_in_passing_group', 'overall_pass_with_failure']);
  });

  it('throws rather than guess when the text comes out letter-spaced', () => {
    const spaced = flowerText.replace(/(\p{L})(?=\p{L})/gu, '$1 ');
    expect(() => parseCoaText(spaced)).toThrow(CoaParseError);
    expect(() => parseCoaText(spaced)).toThrow(/letter-spaced/);
    expect(() => confidentCannabisCoaLayout.parse(spaced)).toThrow(/letter-spaced/);
  });

  it('throws when the tables are missing from a recognised COA', () => {
    const noTables = flowerText
      .split('\n')
      .filter((l) => !/^Analyte /.test(l) && !/ \d\d\/\d\d\/\d{4} .*(Complete|Pass)$/.test(l))
      .join('\n');
    expect(() => confidentCannabisCoaLayout.parse(noTables)).toThrow(/no result rows could be read/);
  });
});

describe('Confident Cannabis layout, certificate template (Havard Industries edible)', () => {
  let edible: ParsedCoa;

  beforeAll(async () => {
    edible = await parseCoaPdf(ediblePdf);
  });

  it('reads the sample block and the verdict panel', () => {
    expect(edible).toMatchObject({
      layout: 'confident-cannabis',
      labName: 'Havard Industries',
      labCode: 'LAAA-8SPC-5FH4',
      sampleIds: ['2106EST0690.2453'],
      inventoryIds: [],
      productName: 'Elyxr Gummy',
      productType: 'edible',
      receivedAt: '2021-06-17',
      testedAt: '2021-05-31',
      releasedAt: '2021-10-14',
      reportedOverall: 'pass',
    });
    expect(edible.reportedGroups).toEqual({
      pesticides: 'pass',
      metals: 'pass',
      microbials: 'pass',
      residual_solvents: 'pass',
      mycotoxins: 'pass',
    });
    expect(edible.warnings).toContain('Summary shows "Foreign Matter: 99.3%" without a verdict; skipped.');
  });

  it('reports edible potency per unit, as the LOQ column is', () => {
    expect(row(edible, 'Δ8-THC')).toEqual({ group: 'cannabinoids', analyte: 'Δ8-THC', value: '23.84', unit: 'mg/unit', loq: '0.01' });
    expect(row(edible, 'Δ10-THC')).toMatchObject({ value: '0.18', unit: 'mg/unit' });
  });

  it('reads the single number of a judged pesticide row as its limit', () => {
    expect(row(edible, 'Abamectin')).toEqual({
      group: 'pesticides',
      analyte: 'Abamectin',
      qualifier: 'ND',
      unit: 'PPM',
      limit: '0.500',
      reportedStatus: 'pass',
    });
    expect(row(edible, 'Arsenic')).toMatchObject({ unit: 'PPB', loq: '10.000', limit: '200.000', reportedStatus: 'pass' });
    expect(row(edible, 'Total Aflatoxins')).toMatchObject({ group: 'mycotoxins', loq: '1.00', limit: '20.00' });
  });

  it('reads counts, and NR / NT rows as not reported', () => {
    expect(row(edible, 'Yeast & Mold')).toEqual({
      group: 'microbials',
      analyte: 'Yeast & Mold',
      value: '19',
      unit: 'CFU/g',
      limit: '10000',
      reportedStatus: 'pass',
    });
    expect(row(edible, 'Aerobic Bacteria')).toEqual({
      group: 'microbials',
      analyte: 'Aerobic Bacteria',
      unit: 'CFU/g',
      limit: '100000',
      reportedStatus: 'na',
    });
    expect(row(edible, 'Ethanol')).toMatchObject({ group: 'residual_solvents', reportedStatus: 'na' });
    expect(row(edible, 'Ethanol')?.value).toBeUndefined();
  });

  it('finds nothing inconsistent in the COA as issued', () => {
    expect(reconcileCoa(edible)).toEqual([]);
  });
});
