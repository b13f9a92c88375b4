import { readFileSync } from 'fs';
import { join } from 'path';
import { parseCoaPdf, reconcileCoa } from '../coa-import';
import { CoaAnalyteRow, ParsedCoa } from '../coa-layout.types';
import { PdfParseTextExtractor } from '../pdf-text';
import { scLabsCoaLayout } from './sc-labs.layout';

const FIXTURES = join(__dirname, '../../../../test/fixtures/coa-pdfs');
const pdf = readFileSync(join(FIXTURES, 'sc-labs_Cherry_Punch.pdf'));

function row(parsed: ParsedCoa, analyte: string): CoaAnalyteRow | undefined {
  return parsed.analytes.find((r) => r.analyte === analyte);
}

describe('SC Labs layout (Cherry Punch flower)', () => {
  let coa: ParsedCoa;
  let text: string;

  beforeAll(async () => {
    coa = await parseCoaPdf(pdf);
    text = (await new PdfParseTextExtractor().extract(pdf)).text;
  });

  it('reads the sample detail, with the CoA id as a second sample id and the METRC tag', () => {
    expect(coa).toMatchObject({
      layout: 'sc-labs',
      labName: 'SC Laboratories California LLC',
      labCode: 'C8-0000013-LIC',
      sampleIds: ['211116M007', '211116M007-001'],
      inventoryIds: ['1A406030000633F000008330'],
      productName: 'Cherry Punch 1/2 oz.',
      productType: 'flower',
      collectedAt: '2021-11-16',
      receivedAt: '2021-11-17',
      testedAt: '2021-11-18',
      releasedAt: '2021-11-21',
      reportedOverall: 'pass',
    });
    expect(coa.reportedGroups).toEqual({
      pesticides: 'pass',
      mycotoxins: 'pass',
      metals: 'pass',
      microbials: 'pass',
      foreign_matter: 'pass',
      water_activity: 'pass',
    });
  });

  it('reads potency in mg/g (the LOD/LOQ unit), LOQ from "LOD / LOQ"', () => {
    expect(row(coa, 'THCa')).toEqual({ group: 'cannabinoids', analyte: 'THCa', value: '191.61', unit: 'mg/g', loq: '0.24' });
    expect(row(coa, 'CBG')).toEqual({ group: 'cannabinoids', analyte: 'CBG', qualifier: '<LOQ', unit: 'mg/g', loq: '0.5' });
    expect(row(coa, 'Δ8THC')).toMatchObject({ qualifier: 'ND', loq: '0.50' });
    expect(row(coa, 'β Caryophyllene')).toMatchObject({ group: 'terpenes', value: '9.898', unit: 'mg/g' });
  });

  it('joins names wrapped over two lines, hyphenated or not, and drops the GC-MS asterisk', () => {
    expect(row(coa, 'Caryophyllene Oxide')).toMatchObject({ value: '0.342', loq: '0.038' });
    expect(row(coa, 'DDVP (Dichlorvos)')).toMatchObject({ group: 'pesticides', qualifier: 'ND' });
    expect(row(coa, 'Chlorantraniliprole')).toMatchObject({ loq: '0.12', limit: '10', reportedStatus: 'pass' });
    expect(row(coa, 'Pentachloronitrobenzene')).toMatchObject({ loq: '0.09', limit: '0.1' });
    expect(row(coa, 'Chlordane')).toMatchObject({ loq: '0.08' });
    expect(coa.analytes.filter((r) => r.group === 'pesticides')).toHaveLength(66);
  });

  it('reads a category 1 limit "≥ LOD" as the row\'s LOD', () => {
    expect(row(coa, 'Aldicarb')).toEqual({
      group: 'pesticides',
      analyte: 'Aldicarb',
      qualifier: 'ND',
      unit: 'µg/g',
      loq: '0.08',
      limit: '0.03',
      reportedStatus: 'pass',
    });
  });

  it('reads mycotoxins, metals and water activity with their limits', () => {
    expect(row(coa, 'Total Aflatoxin')).toEqual({
      group: 'mycotoxins',
      analyte: 'Total Aflatoxin',
      qualifier: 'ND',
      unit: 'µg/kg',
      limit: '20',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'Aflatoxin B1')).toEqual({ group: 'mycotoxins', analyte: 'Aflatoxin B1', qualifier: 'ND', unit: 'µg/kg', loq: '6.0' });
    expect(row(coa, 'Mercury')).toEqual({
      group: 'metals',
      analyte: 'Mercury',
      qualifier: '<LOQ',
      unit: 'µg/g',
      loq: '0.01',
      limit: '0.1',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'Water Activity')).toEqual({
      group: 'water_activity',
      analyte: 'Water Activity',
      value: '0.4438',
      unit: 'Aw',
      limit: '0.65',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'Moisture')).toEqual({ group: 'moisture', analyte: 'Moisture', value: '10.7', unit: '%' });
  });

  it('reads presence tests per 1 g and keeps foreign-material verdicts without their text limits', () => {
    expect(row(coa, 'Salmonella spp.')).toEqual({
      group: 'microbials',
      analyte: 'Salmonella spp.',
      qualifier: 'ND',
      unit: 'per 1g',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'Hair Count')).toEqual({ group: 'foreign_matter', analyte: 'Hair Count', reportedStatus: 'pass' });
    expect(coa.warnings).toEqual(['foreign_matter: limits printed as text (such as ">25%") are not carried over; the rows keep their printed verdicts.']);
  });

  it('finds nothing inconsistent in the COA as issued', () => {
    expect(reconcileCoa(coa)).toEqual([]);
  });

  it('reads a failing cannabis metal in the same layout; reconcile flags the passing group and the disagreeing summary is warned', () => {
    const failing = text.replace('Lead 0.04 / 0.1 0.5 N/A ND PASS', 'Lead 0.04 / 0.1 0.5 N/A 0.72 FAIL').replace('Heavy Metals: PASS', 'Heavy Metals: FAIL');
    const parsed = scLabsCoaLayout.parse(failing);
    expect(row(parsed, 'Lead')).toMatchObject({ value: '0.72', limit: '0.5', reportedStatus: 'fail' });
    expect(parsed.reportedGroups.metals).toBe('fail');
    expect(parsed.warnings).toContain("metals: the COA's summary and its results section give different verdicts (pass vs fail).");
    expect(reconcileCoa(parsed).map((i) => i.code)).toEqual(['overall_pass_with_failure']);
  });

  it('flags a row passed over its limit', () => {
    const parsed = scLabsCoaLayout.parse(text.replace('Cadmium 0.02 / 0.05 0.2 N/A ND PASS', 'Cadmium 0.02 / 0.05 0.2 N/A 0.31 PASS'));
    expect(reconcileCoa(parsed)).toEqual([
      { code: 'row_pass_over_limit', group: 'metals', analyte: 'Cadmium', message: 'Cadmium is 0.31 against a limit of 0.2 but marked pass.' },
    ]);
  });
});
