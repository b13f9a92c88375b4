import { readFileSync } from 'fs';
import { join } from 'path';
import { parseCoaPdf, reconcileCoa } from '../coa-import';
import { CoaAnalyteRow, CoaParseError, ParsedCoa } from '../coa-layout.types';
import { PdfParseTextExtractor } from '../pdf-text';
import { kaychaCoaLayout } from './kaycha.layout';

const FIXTURES = join(__dirname, '../../../../test/fixtures/coa-pdfs');
const pdf = readFileSync(join(FIXTURES, 'kaycha-labs_DA30318004-001-Original.pdf'));

function row(parsed: ParsedCoa, analyte: string): CoaAnalyteRow | undefined {
  return parsed.analytes.find((r) => r.analyte === analyte);
}

describe('Kaycha Labs layout (Blue Destroyer flower)', () => {
  let coa: ParsedCoa;
  let text: string;

  beforeAll(async () => {
    coa = await parseCoaPdf(pdf);
    text = (await new PdfParseTextExtractor().extract(pdf)).text;
  });

  it('reads the sample block, with the 16-digit batch and seed-to-sale numbers printed in fours', () => {
    expect(coa).toMatchObject({
      layout: 'kaycha',
      labName: 'Kaycha Labs',
      labCode: 'CMTL-0002',
      sampleIds: ['DA30318004-001'],
      inventoryIds: ['9335637511311120', '0814477786553670'],
      productName: 'Blue Destroyer WF 3.5g',
      productType: 'flower',
      collectedAt: '2023-03-17',
      testedAt: '2023-03-21',
      releasedAt: '2023-03-21',
      reportedOverall: 'pass',
    });
    expect(coa.receivedAt).toBeUndefined();
  });

  it('reads the safety panel and section verdicts; "NOT TESTED" solvents are left out', () => {
    expect(coa.reportedGroups).toEqual({
      pesticides: 'pass',
      metals: 'pass',
      microbials: 'pass',
      mycotoxins: 'pass',
      foreign_matter: 'pass',
      water_activity: 'pass',
      moisture: 'pass',
      terpenes: 'tested',
      cannabinoids: 'pass',
    });
  });

  it('reads the transposed potency grid in %, leaving the wrapped dry-weight totals out with a warning', () => {
    expect(row(coa, 'THCA')).toEqual({ group: 'cannabinoids', analyte: 'THCA', value: '21.459', unit: '%' });
    expect(row(coa, 'D9-THC')).toMatchObject({ value: '0.627', unit: '%' });
    expect(row(coa, 'CBD')).toEqual({ group: 'cannabinoids', analyte: 'CBD', qualifier: 'ND', unit: '%' });
    expect(coa.analytes.filter((r) => r.group === 'cannabinoids').map((r) => r.analyte)).toEqual([
      'D9-THC',
      'THCA',
      'CBD',
      'CBDA',
      'D8-THC',
      'CBG',
      'CBGA',
      'CBN',
      'THCV',
      'CBDV',
      'CBC',
    ]);
    expect(coa.warnings).toEqual([
      'cannabinoids: 3 dry-weight total columns were not imported (their wrapped headers cannot be named reliably; LabTrace computes totals).',
    ]);
  });

  it('reads terpenes in % and "<0.02" as below an LOQ of 0.02', () => {
    expect(row(coa, 'BETA-MYRCENE')).toEqual({ group: 'terpenes', analyte: 'BETA-MYRCENE', value: '0.662', unit: '%' });
    expect(row(coa, 'TERPINOLENE')).toEqual({ group: 'terpenes', analyte: 'TERPINOLENE', qualifier: '<LOQ', unit: '%', loq: '0.02' });
    expect(row(coa, 'FARNESENE')).toMatchObject({ qualifier: 'ND', unit: '%' });
  });

  it('reads pesticides in their column order (limit before verdict before result), across the page break', () => {
    expect(row(coa, 'NALED')).toEqual({
      group: 'pesticides',
      analyte: 'NALED',
      qualifier: 'ND',
      unit: 'ppm',
      limit: '0.25',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'PENTACHLORONITROBENZENE (PCNB)')).toMatchObject({ unit: 'PPM', limit: '0.15' });
    expect(row(coa, 'OXAMYL')).toMatchObject({ limit: '0.5', reportedStatus: 'pass' });
    expect(coa.analytes.filter((r) => r.group === 'pesticides')).toHaveLength(68);
  });

  it('reads microbials (a name wrapped over two lines, "Not Present" as ND) and the other groups', () => {
    expect(row(coa, 'ESCHERICHIA COLI SHIGELLA SPP')).toEqual({
      group: 'microbials',
      analyte: 'ESCHERICHIA COLI SHIGELLA SPP',
      qualifier: 'ND',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'TOTAL YEAST AND MOLD')).toEqual({
      group: 'microbials',
      analyte: 'TOTAL YEAST AND MOLD',
      value: '30',
      unit: 'CFU/g',
      limit: '100000',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'LEAD')).toMatchObject({ group: 'metals', qualifier: 'ND', unit: 'ppm', limit: '0.5' });
    expect(row(coa, 'Water Activity')).toMatchObject({ group: 'water_activity', value: '0.496', unit: 'aw', limit: '0.65' });
    expect(row(coa, 'Moisture Content')).toMatchObject({ group: 'moisture', value: '12.47', unit: '%', limit: '15' });
    expect(row(coa, 'Filth and Foreign Material')).toMatchObject({ group: 'foreign_matter', qualifier: 'ND', limit: '1' });
  });

  it('finds nothing inconsistent in the COA as issued', () => {
    expect(reconcileCoa(coa)).toEqual([]);
  });

  it('throws rather than guess when the potency grid does not line up', () => {
    const scrambled = text.replace('% 0.627 21.459 ND', '% 0.627 21.459');
    expect(() => kaychaCoaLayout.parse(scrambled)).toThrow(CoaParseError);
    expect(() => kaychaCoaLayout.parse(scrambled)).toThrow(/11 analytes and 3 totals but 13 values/);
  });

  it('reads a failing cannabis result in the same layout, and reconcile flags the passing group', () => {
    const failing = text.replace('ARSENIC 0.02 ppm ND PASS 0.2', 'ARSENIC 0.02 ppm 0.35 FAIL 0.2');
    const parsed = kaychaCoaLayout.parse(failing);
    expect(row(parsed, 'ARSENIC')).toMatchObject({ value: '0.35', limit: '0.2', reportedStatus: 'fail' });
    expect(reconcileCoa(parsed).map((i) => [i.code, i.analyte])).toEqual([
      ['row_fail_in_passing_group', 'ARSENIC'],
      ['overall_pass_with_failure', undefined],
    ]);
  });
});
