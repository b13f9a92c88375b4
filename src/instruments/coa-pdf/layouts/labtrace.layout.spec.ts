import { readFileSync } from 'fs';
import { join } from 'path';
import { renderCoaPdf } from '../../../certificates/coa/coa-pdf';
import type { CoaAnalyteLine, CoaGroup, CoaView } from '../../../certificates/coa/coa-view';
import { GROUP_TITLES } from '../../../certificates/coa/coa-view.builder';
import { ANALYTES, resolveAnalyte } from '../../../rules/analytes/vocabulary';
import { parseCoaPdf, parseCoaText, reconcileCoa } from '../coa-import';
import { CoaAnalyteRow, ParsedCoa } from '../coa-layout.types';
import { PdfParseTextExtractor } from '../pdf-text';
import { labtraceCoaLayout } from './labtrace.layout';
import { parseRowLine } from './labtrace.tables';

const line = (
  analyte: string,
  result: string,
  unit: string,
  loq: string | undefined,
  limit: string,
  status: CoaAnalyteLine['status'] = 'pass',
): CoaAnalyteLine => ({
  analyte,
  result,
  unit,
  loq,
  limit,
  status,
});

/** Shaped like what coa-view.builder gives for a flower: titles from GROUP_TITLES, limits with units. */
const GROUPS: CoaGroup[] = [
  {
    group: 'cannabinoids',
    title: GROUP_TITLES.cannabinoids,
    status: 'report_only',
    method: 'HPLC-DAD (SOP-POT-004)',
    analysedAt: '2025-03-05T15:00:00Z',
    lines: [
      line('THCA', '24.10', '%', '0.05', 'Report only', 'report_only'),
      line('Δ9-THC', '0.82', '%', '0.05', 'Report only', 'report_only'),
      line('Δ8-THC', 'ND', '%', '0.05', 'Report only', 'report_only'),
      line('CBG', '<LOQ', '%', '0.05', 'Report only', 'report_only'),
      line('Total THC (calculated)', '21.96', '%', undefined, 'Report only', 'report_only'),
    ],
  },
  {
    group: 'terpenes',
    title: GROUP_TITLES.terpenes,
    status: 'pass',
    lines: [line('β-Myrcene', '0.52', '%', undefined, '—', 'no_limit'), line('α-Pinene', 'ND', '%', '0.01', '—', 'no_limit')],
  },
  {
    group: 'metals',
    title: GROUP_TITLES.metals,
    status: 'pass',
    method: 'ICP-MS (SOP-MET-002)',
    analysedAt: '2025-03-05',
    lines: [
      line('Lead', '0.12', 'µg/g', '0.05', '≤ 0.5 µg/g'),
      line('Cadmium', '<LOQ', 'µg/g', '0.02', '≤ 0.2 µg/g'),
      line('Arsenic', '0.03', 'µg/g', '0.02', '≤ 0.2 µg/g'),
    ],
  },
  {
    group: 'pesticides',
    title: GROUP_TITLES.pesticides,
    status: 'fail',
    method: 'LC-MS/MS (SOP-PES-001)',
    analysedAt: '2025-03-06',
    lines: [
      line('Myclobutanil', '0.34', 'µg/g', '0.05', '≤ 0.2 µg/g', 'fail'),
      line('Bifenazate', '0.05', 'ppm', '0.02', '≤ 0.2 µg/g'),
      line('Kresoxim-methyl', 'ND', 'µg/g', '0.05', '≤ 0.4 µg/g'),
      line('Piperonyl butoxide', '>ULOQ 5.0', 'µg/g', '0.05', '≤ 3 µg/g', 'fail'),
    ],
  },
  {
    group: 'mycotoxins',
    title: GROUP_TITLES.mycotoxins,
    status: 'pass',
    analysedAt: '2025-03-06',
    lines: [
      line('Aflatoxin G1', '1.2', 'ppb', '1.0', '—', 'no_limit'),
      line('Total aflatoxins', '1.2', 'ppb', '1.0', '≤ 20 µg/kg'),
      line('Ochratoxin A', 'ND', 'µg/kg', '2.0', '≤ 20 µg/kg'),
    ],
  },
  {
    group: 'microbials',
    title: GROUP_TITLES.microbials,
    status: 'pass',
    method: 'qPCR (SOP-MIC-003)',
    lines: [
      line('Aspergillus flavus', 'ND', 'CFU/g', undefined, 'Not detected'),
      line('Shiga toxin-producing E. coli', 'ND', 'CFU/g', undefined, 'Not detected'),
      line('Salmonella spp.', 'ND', 'per 1 g', undefined, 'Not detected'),
      line('Total yeast and mold', '25000', 'CFU/g', '100', 'Report only', 'report_only'),
    ],
  },
  { group: 'moisture', title: GROUP_TITLES.moisture, status: 'pass', lines: [line('Moisture', '11.2', '%', '0.1', '5.0–15.0 %')] },
  { group: 'water_activity', title: GROUP_TITLES.water_activity, status: 'pass', lines: [line('Water activity', '0.58', 'aw', '0.03', '≤ 0.65 aw')] },
  {
    group: 'foreign_matter',
    title: GROUP_TITLES.foreign_matter,
    status: 'pass',
    lines: [line('Stems ≥ 3 mm', '1.0', '%', undefined, '≤ 5.0 %'), line('Seeds and other foreign matter', 'ND', '%', undefined, '≤ 2.0 %')],
  },
];

function view(overrides: Partial<CoaView> = {}): CoaView {
  return {
    lab: {
      name: 'Catskill Cannabis Testing Laboratory',
      address: '9 Mill Street, Kingston, NY 12401',
      phone: '(845) 555-0110',
      email: 'coa@catskill-lab.example',
      ocmPermitId: 'OCM-LAB-25-000042',
      isoAccreditationId: 'A2LA 5521.01',
    },
    client: { name: 'Hudson Valley Farms LLC', licenseNumber: 'OCM-CULT-26-104233', address: '1 Farm Lane, Hudson, NY 12534', contact: 'QA Desk' },
    sample: {
      labCode: 'L26-000731',
      description: 'Gelato 41 whole flower 3.5 g',
      productType: 'pre-roll',
      sampleInventoryId: '7300000000000731',
      sampledInventoryIds: ['7300000000010001', '7300000000010002', '7300000000010003'],
      collectionSite: 'Hudson Valley Farms, Hudson, NY',
      collectedAt: '2025-03-03T14:20:00Z',
      receivedAt: '2025-03-04T13:05:00Z',
      analysedFrom: '2025-03-04',
      analysedTo: '2025-03-06',
    },
    overall: 'fail',
    totals: { totalThc: '21.96', totalCbd: 'n/a', unit: '%' },
    groups: GROUPS,
    limitSet: { name: 'ny-ocm-2025-draft', effectiveFrom: '2025-01-01', source: 'NY OCM testing limits as described by NY labs' },
    version: 1,
    releasedAt: '2025-03-07T14:05:00Z',
    releasedBy: 'Morgan Lee',
    verifyUrl: 'https://labtrace.catskill-lab.example/v1/coa/verify/abc123',
    ...overrides,
  };
}

const extractor = new PdfParseTextExtractor();

async function roundTrip(v: CoaView): Promise<ParsedCoa> {
  const { text } = await extractor.extract(await renderCoaPdf(v));
  return parseCoaText(text);
}

function row(parsed: ParsedCoa, analyte: string): CoaAnalyteRow | undefined {
  return parsed.analytes.find((r) => r.analyte === analyte);
}

describe('LabTrace layout (our own COA, round trip)', () => {
  let coa: ParsedCoa;

  beforeAll(async () => {
    coa = await roundTrip(view());
  });

  it('is recognised before any vendor layout and reads the sample identity', () => {
    expect(coa).toMatchObject({
      layout: 'labtrace',
      labName: 'Catskill Cannabis Testing Laboratory',
      labCode: 'OCM-LAB-25-000042',
      sampleIds: ['L26-000731'],
      inventoryIds: ['7300000000000731', '7300000000010001', '7300000000010002', '7300000000010003'],
      productName: 'Gelato 41 whole flower 3.5 g',
      productType: 'pre-roll',
      collectedAt: '2025-03-03',
      receivedAt: '2025-03-04',
      testedAt: '2025-03-06',
      releasedAt: '2025-03-07',
      reportedOverall: 'fail',
    });
    expect(coa.warnings).toEqual([]);
  });

  it('reads each group verdict from the summary and the sections alike', () => {
    expect(coa.reportedGroups).toEqual({
      cannabinoids: 'tested',
      terpenes: 'pass',
      metals: 'pass',
      pesticides: 'fail',
      mycotoxins: 'pass',
      microbials: 'pass',
      moisture: 'pass',
      water_activity: 'pass',
      foreign_matter: 'pass',
    });
    expect(reconcileCoa(coa)).toEqual([]);
  });

  it('gives back every analyte line in order, in its group', () => {
    expect(coa.analytes.map((r) => [r.group, r.analyte])).toEqual(
      GROUPS.flatMap((g) => g.lines.map((l) => [g.group, l.analyte.replace('Δ', 'Delta-').replace('β', 'beta').replace('α', 'alpha').replace('≥', '>=')])),
    );
  });

  it('keeps values and qualifiers exactly as printed, with unit and LOQ', () => {
    expect(row(coa, 'THCA')).toEqual({ group: 'cannabinoids', analyte: 'THCA', value: '24.10', unit: '%', loq: '0.05', reportedStatus: 'tested' });
    expect(row(coa, 'Delta-8-THC')).toEqual({
      group: 'cannabinoids',
      analyte: 'Delta-8-THC',
      qualifier: 'ND',
      unit: '%',
      loq: '0.05',
      reportedStatus: 'tested',
    });
    expect(row(coa, 'CBG')).toMatchObject({ qualifier: '<LOQ', unit: '%', loq: '0.05' });
    expect(row(coa, 'CBG')).not.toHaveProperty('value');
    expect(row(coa, 'beta-Myrcene')).toEqual({ group: 'terpenes', analyte: 'beta-Myrcene', value: '0.52', unit: '%', reportedStatus: 'tested' });
    expect(row(coa, 'Piperonyl butoxide')).toEqual({
      group: 'pesticides',
      analyte: 'Piperonyl butoxide',
      qualifier: '>ULOQ',
      value: '5.0',
      unit: 'µg/g',
      loq: '0.05',
      limit: '3',
      reportedStatus: 'fail',
    });
    expect(row(coa, 'Total yeast and mold')).toEqual({
      group: 'microbials',
      analyte: 'Total yeast and mold',
      value: '25000',
      unit: 'CFU/g',
      loq: '100',
      reportedStatus: 'tested',
    });
  });

  it('keeps a "≤" limit, converted exactly into the unit of the result it sits beside', () => {
    expect(row(coa, 'Lead')).toEqual({ group: 'metals', analyte: 'Lead', value: '0.12', unit: 'µg/g', loq: '0.05', limit: '0.5', reportedStatus: 'pass' });
    expect(row(coa, 'Myclobutanil')).toMatchObject({ value: '0.34', limit: '0.2', reportedStatus: 'fail' });
    expect(row(coa, 'Bifenazate')).toMatchObject({ value: '0.05', unit: 'ppm', limit: '0.2' });
    expect(row(coa, 'Total aflatoxins')).toMatchObject({ value: '1.2', unit: 'ppb', loq: '1.0', limit: '20' });
    expect(row(coa, 'Water activity')).toMatchObject({ value: '0.58', unit: 'aw', limit: '0.65' });
    expect(row(coa, 'Stems >= 3 mm')).toMatchObject({ value: '1.0', unit: '%', limit: '5.0' });
  });

  it('carries no single-number limit for ranges, "Not detected" and report-only rows', () => {
    expect(row(coa, 'Moisture')).toEqual({ group: 'moisture', analyte: 'Moisture', value: '11.2', unit: '%', loq: '0.1', reportedStatus: 'pass' });
    expect(row(coa, 'Aspergillus flavus')).toEqual({
      group: 'microbials',
      analyte: 'Aspergillus flavus',
      qualifier: 'ND',
      unit: 'CFU/g',
      reportedStatus: 'pass',
    });
    expect(row(coa, 'Salmonella spp.')).toMatchObject({ qualifier: 'ND', unit: 'per 1 g', reportedStatus: 'pass' });
  });

  it('prints names that resolve to the same canonical analytes', () => {
    const printed = GROUPS.flatMap((g) => g.lines.map((l) => resolveAnalyte(l.analyte)?.id));
    expect(coa.analytes.map((r) => resolveAnalyte(r.analyte)?.id)).toEqual(printed);
    expect(resolveAnalyte(row(coa, 'Delta-9-THC')!.analyte)?.id).toBe('d9-thc');
    expect(resolveAnalyte('Total THC (calculated)')?.computed).toBe(true);
  });

  it('is the layout parseCoaPdf picks for a rendered certificate', async () => {
    const parsed = await parseCoaPdf(await renderCoaPdf(view({ groups: GROUPS.slice(2, 3), totals: undefined, overall: 'pass' })));
    expect(parsed.layout).toBe('labtrace');
    expect(parsed.reportedOverall).toBe('pass');
    expect(parsed.analytes.map((r) => r.analyte)).toEqual(['Lead', 'Cadmium', 'Arsenic']);
  });

  it('does not claim a vendor COA', async () => {
    const { text } = await extractor.extract(readFileSync(join(__dirname, '../../../../test/fixtures/coa-pdfs/sc-labs_Cherry_Punch.pdf')));
    expect(labtraceCoaLayout.recognise(text)).toBe(false);
  });
});

describe('LabTrace layout: every vocabulary analyte, wrapped names and amendments', () => {
  it('reads back all of the vocabulary over page breaks, each name resolving to its analyte', async () => {
    const byGroup = new Map<string, CoaAnalyteLine[]>();
    ANALYTES.forEach((a, i) => {
      const lines = byGroup.get(a.group) ?? [];
      const result = i % 3 === 0 ? 'ND' : `${i}.${i % 7}`;
      lines.push(line(a.computed ? `${a.name} (calculated)` : a.name, result, a.defaultUnit, '0.01', '≤ 1000', i % 5 === 0 ? 'fail' : 'pass'));
      byGroup.set(a.group, lines);
    });
    const groups = [...byGroup].map(([group, lines]): CoaGroup => ({ group, title: GROUP_TITLES[group], status: 'pass', lines }));
    const parsed = await roundTrip(view({ groups }));

    expect(parsed.warnings).toEqual([]);
    expect(parsed.analytes).toHaveLength(ANALYTES.length);
    parsed.analytes.forEach((r, i) => {
      const expected = ANALYTES[i];
      expect([r.group, resolveAnalyte(r.analyte)?.id]).toEqual([expected.group, expected.id]);
      expect(r.unit).toBe(expected.defaultUnit);
      expect(i % 3 === 0 ? r.qualifier : r.value).toBe(i % 3 === 0 ? 'ND' : `${i}.${i % 7}`);
      expect(r).toMatchObject({ loq: '0.01', limit: '1000', reportedStatus: i % 5 === 0 ? 'fail' : 'pass' });
    });
  });

  it('joins names wrapped over lines, reads many lots, and notes an amended version', async () => {
    const longName = 'Total aflatoxins, sum of B1, B2, G1 and G2, reported on a dry-weight basis after confirmation';
    const lots = Array.from({ length: 5 }, (_, i) => `73000000000200${String(i).padStart(2, '0')}`);
    const parsed = await roundTrip(
      view({
        sample: { ...view().sample, sampledInventoryIds: lots, description: 'A long description of a product that wraps onto a second line of the sample box' },
        groups: [
          {
            group: 'mycotoxins',
            title: 'Mycotoxins',
            status: 'fail',
            lines: [line(longName, '>ULOQ 50.0', 'µg/kg', '2.0', '≤ 20 µg/kg', 'fail'), line('Ochratoxin A', 'ND', 'µg/kg', '2.0', '≤ 20 µg/kg')],
          },
          { group: 'radionuclides', title: 'Radionuclides', status: 'pass', lines: [line('Cesium-137', 'ND', 'Bq/kg', undefined, 'Not detected')] },
        ],
        version: 2,
        amendment: { supersedesVersion: 1, reason: 'Client license corrected.' },
      }),
    );
    expect(parsed.inventoryIds).toEqual(['7300000000000731', ...lots]);
    expect(parsed.productName).toBe('A long description of a product that wraps onto a second line of the sample box');
    expect(parsed.analytes).toEqual([
      { group: 'mycotoxins', analyte: longName, qualifier: '>ULOQ', value: '50.0', unit: 'µg/kg', loq: '2.0', limit: '20', reportedStatus: 'fail' },
      { group: 'mycotoxins', analyte: 'Ochratoxin A', qualifier: 'ND', unit: 'µg/kg', loq: '2.0', limit: '20', reportedStatus: 'pass' },
    ]);
    expect(parsed.warnings).toEqual([
      'Summary verdict for "Radionuclides" is not a known group; skipped.',
      'Section "Radionuclides" is not a known group; its rows were skipped.',
      'This certificate is version 2; it supersedes version 1.',
    ]);
  });
});

describe('parseRowLine', () => {
  it('reads a row from the right: status, limit, LOQ, unit, result, name', () => {
    expect(parseRowLine('Stems >= 3 mm ND % 0.1 <= 5.0 % PASS')).toEqual({
      name: 'Stems >= 3 mm',
      cell: { qualifier: 'ND' },
      unit: '%',
      loq: '0.1',
      limit: { max: '5.0', unit: '%' },
      status: 'pass',
    });
    expect(parseRowLine('Aspergillus niger ND per 1 g Not detected PASS')).toMatchObject({ name: 'Aspergillus niger', unit: 'per 1 g', limit: {} });
    expect(parseRowLine('Moisture 4.2 % 0.1 5.0–15.0 % FAIL')).toMatchObject({
      name: 'Moisture',
      cell: { value: '4.2' },
      loq: '0.1',
      limit: { unit: '%' },
      status: 'fail',
    });
    expect(parseRowLine('Beta 1.5 mg/serving — NO LIMIT')).toMatchObject({ name: 'Beta', cell: { value: '1.5' }, unit: 'mg/serving', status: 'tested' });
  });

  it('reads an ND that prints the LOD it is below as an ND, the LOQ column as the LOQ', () => {
    expect(parseRowLine('Mercury ND (<LOD 0.01) µg/g 0.05 <= 0.1 µg/g PASS')).toEqual({
      name: 'Mercury',
      cell: { qualifier: 'ND' },
      unit: 'µg/g',
      loq: '0.05',
      limit: { max: '0.1', unit: 'µg/g' },
      status: 'pass',
    });
    expect(parseRowLine('Antimony ND (<LOD 0.02) µg/g <= 2 µg/g PASS')).toMatchObject({
      name: 'Antimony',
      cell: { qualifier: 'ND' },
      unit: 'µg/g',
      loq: undefined,
    });
  });

  it('reads a row whose name wrapped above it, and refuses lines that are not rows', () => {
    expect(parseRowLine('>ULOQ 50.0 μg/kg 2.0 <= 20 μg/kg FAIL')).toMatchObject({ name: '', cell: { qualifier: '>ULOQ', value: '50.0' }, unit: 'μg/kg' });
    expect(parseRowLine('Analyte Result Unit LOQ Limit Status')).toBeUndefined();
    expect(parseRowLine('Heavy metals PASS')).toBeUndefined();
    expect(parseRowLine('reported on a dry-weight basis after')).toBeUndefined();
  });
});
