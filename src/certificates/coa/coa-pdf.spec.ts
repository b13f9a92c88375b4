import { writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { renderCoaPdf } from './coa-pdf';
import { displayDate, displayDay, displayDayRange, printable } from './coa-pdf-text';
import type { CoaAnalyteLine, CoaGroup, CoaView } from './coa-view';

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

/** Washington's list as NY's stand-in; Myclobutanil is the one that fails. */
const PESTICIDES: Array<[string, string]> = [
  ['Abamectin', '0.50'],
  ['Acephate', '0.40'],
  ['Acequinocyl', '2.0'],
  ['Acetamiprid', '0.20'],
  ['Aldicarb', '0.40'],
  ['Azoxystrobin', '0.20'],
  ['Bifenazate', '0.20'],
  ['Bifenthrin', '0.20'],
  ['Boscalid', '0.40'],
  ['Carbaryl', '0.20'],
  ['Carbofuran', '0.20'],
  ['Chlorantraniliprole', '0.20'],
  ['Chlorfenapyr', '1.0'],
  ['Chlorpyrifos', '0.20'],
  ['Clofentezine', '0.20'],
  ['Cyfluthrin', '1.0'],
  ['Cypermethrin', '1.0'],
  ['Daminozide', '1.0'],
  ['Diazinon', '0.20'],
  ['Dichlorvos', '0.10'],
  ['Dimethoate', '0.20'],
  ['Ethoprophos', '0.20'],
  ['Etofenprox', '0.40'],
  ['Etoxazole', '0.20'],
  ['Fenoxycarb', '0.20'],
  ['Fenpyroximate', '0.40'],
  ['Fipronil', '0.40'],
  ['Flonicamid', '1.0'],
  ['Fludioxonil', '0.40'],
  ['Hexythiazox', '1.0'],
  ['Imazalil', '0.20'],
  ['Imidacloprid', '0.40'],
  ['Kresoxim-methyl', '0.40'],
  ['Malathion', '0.20'],
  ['Metalaxyl', '0.20'],
  ['Methiocarb', '0.20'],
  ['Methomyl', '0.40'],
  ['Myclobutanil', '0.20'],
  ['Naled', '0.50'],
  ['Oxamyl', '1.0'],
  ['Paclobutrazol', '0.40'],
  ['Permethrin', '0.20'],
  ['Piperonyl butoxide', '2.0'],
  ['Pyrethrins', '1.0'],
  ['Spinosad', '0.20'],
  ['Spiromesifen', '0.20'],
  ['Spirotetramat', '0.20'],
  ['Tebuconazole', '0.40'],
];

function pesticideLine([analyte, limit]: [string, string]): CoaAnalyteLine {
  if (analyte === 'Myclobutanil') return line(analyte, '0.34', 'µg/g', '0.05', `≤ ${limit}`, 'fail');
  if (analyte === 'Piperonyl butoxide') return line(analyte, '0.12', 'µg/g', '0.05', `≤ ${limit}`);
  if (analyte === 'Bifenazate') return line(analyte, '<LOQ', 'µg/g', '0.05', `≤ ${limit}`);
  return line(analyte, 'ND', 'µg/g', '0.05', `≤ ${limit}`);
}

const GROUPS: CoaGroup[] = [
  {
    group: 'cannabinoids',
    title: 'Cannabinoids',
    status: 'report_only',
    method: 'HPLC-DAD (SOP-POT-004)',
    analysedAt: '2025-03-05',
    lines: [
      line('THCA', '26.41', '%', '0.05', 'report only', 'report_only'),
      line('Δ9-THC', '0.62', '%', '0.05', 'report only', 'report_only'),
      line('Δ8-THC', 'ND', '%', '0.05', 'report only', 'report_only'),
      line('THCV', 'ND', '%', '0.05', 'report only', 'report_only'),
      line('CBDA', '0.08', '%', '0.05', 'report only', 'report_only'),
      line('CBD', 'ND', '%', '0.05', 'report only', 'report_only'),
      line('CBGA', '0.71', '%', '0.05', 'report only', 'report_only'),
      line('CBG', '<LOQ', '%', '0.05', 'report only', 'report_only'),
      line('CBN', 'ND', '%', '0.05', 'report only', 'report_only'),
    ],
  },
  {
    group: 'metals',
    title: 'Metals',
    status: 'pass',
    method: 'ICP-MS (SOP-MET-002)',
    analysedAt: '2025-03-05',
    lines: [
      line('Arsenic', '0.031', 'µg/g', '0.02', '≤ 0.2'),
      line('Cadmium', 'ND', 'µg/g', '0.02', '≤ 0.2'),
      line('Lead', '0.084', 'µg/g', '0.02', '≤ 0.5'),
      line('Mercury', 'ND', 'µg/g', '0.01', '≤ 0.1'),
      line('Nickel', '0.41', 'µg/g', '0.05', '≤ 5'),
      line('Chromium', '0.62', 'µg/g', '0.05', '≤ 100'),
      line('Copper', '4.8', 'µg/g', '0.05', '≤ 30'),
      line('Antimony', 'ND', 'µg/g', '0.05', '≤ 2'),
    ],
  },
  {
    group: 'pesticides',
    title: 'Pesticides',
    status: 'fail',
    method: 'LC-MS/MS and GC-MS/MS (SOP-PES-001)',
    analysedAt: '2025-03-06',
    lines: PESTICIDES.map(pesticideLine),
  },
  {
    group: 'microbials',
    title: 'Microbials',
    status: 'pass',
    method: 'qPCR and plate count (SOP-MIC-003)',
    analysedAt: '2025-03-04T15:30:00Z',
    lines: [
      line('Aspergillus fumigatus', 'ND', 'per 1 g', undefined, 'ND'),
      line('Aspergillus flavus', 'ND', 'per 1 g', undefined, 'ND'),
      line('Aspergillus niger', 'ND', 'per 1 g', undefined, 'ND'),
      line('Aspergillus terreus', 'ND', 'per 1 g', undefined, 'ND'),
      line('Salmonella spp.', 'ND', 'per 1 g', undefined, 'ND'),
      line('STEC E. coli', 'ND', 'per 1 g', undefined, 'ND'),
      line('Total aerobic count', '12000', 'CFU/g', '100', 'report only', 'report_only'),
      line('Total yeast and mold', '850', 'CFU/g', '100', 'report only', 'report_only'),
    ],
  },
  {
    group: 'mycotoxins',
    title: 'Mycotoxins',
    status: 'pass',
    method: 'LC-MS/MS (SOP-MYC-001)',
    analysedAt: '2025-03-06',
    lines: [line('Total aflatoxins (B1+B2+G1+G2)', 'ND', 'µg/kg', '2.0', '≤ 20'), line('Ochratoxin A', 'ND', 'µg/kg', '2.0', '≤ 20')],
  },
  {
    group: 'residual_solvents',
    title: 'Residual solvents',
    status: 'pass',
    method: 'HS-GC-MS (SOP-RS-001)',
    analysedAt: '2025-03-06',
    lines: [
      line('Acetone', 'ND', 'ppm', '50', '≤ 5000'),
      line('Acetonitrile', 'ND', 'ppm', '20', '≤ 410'),
      line('Benzene', 'ND', 'ppm', '0.5', '≤ 1'),
      line('Butane', 'ND', 'ppm', '50', '≤ 5000'),
      line('Ethanol', '212', 'ppm', '50', '≤ 5000'),
    ],
  },
  {
    group: 'moisture',
    title: 'Moisture',
    status: 'pass',
    method: 'Loss on drying (SOP-PHY-001)',
    analysedAt: '2025-03-04',
    lines: [line('Moisture', '11.2', '%', '0.1', '5.0 – 15.0')],
  },
  {
    group: 'water_activity',
    title: 'Water activity',
    status: 'pass',
    method: 'Dew point hygrometer (SOP-PHY-002)',
    analysedAt: '2025-03-04',
    lines: [line('Water activity', '0.54', 'aw', '0.03', '≤ 0.65')],
  },
  {
    group: 'foreign_matter',
    title: 'Foreign matter',
    status: 'pass',
    method: 'Visual inspection (SOP-PHY-003)',
    analysedAt: '2025-03-04',
    lines: [line('Stems ≥ 3 mm', 'ND', '%', '0.1', '≤ 5.0'), line('Seeds and other foreign matter', 'ND', '%', '0.1', '≤ 2.0')],
  },
];

function flowerView(overrides: Partial<CoaView> = {}): CoaView {
  return {
    lab: {
      name: 'Empire Analytical Laboratories',
      address: '120 Research Parkway, Suite 4, Albany, NY 12203',
      phone: '(518) 555-0142',
      email: 'results@empire-analytical.example',
      ocmPermitId: 'OCM-LAB-24-000017',
      isoAccreditationId: 'PJLA Testing 112233',
    },
    client: {
      name: 'Hudson Valley Craft Cultivation LLC',
      licenseNumber: 'OCM-AUCC-23-000481',
      address: '45 Orchard Road, Kingston, NY 12401',
      contact: 'Dana Ruiz, (845) 555-0199, compliance@hvcraft.example',
    },
    sample: {
      labCode: 'EAL-250304-0012',
      description: 'Blue Dream whole flower, indoor, harvest 2025-02',
      productType: 'flower',
      sampleInventoryId: '6500000123456701',
      sampledInventoryIds: ['6500000123450001', '6500000123450002'],
      collectionSite: 'Hudson Valley Craft Cultivation, Kingston, NY',
      collectedAt: '2025-03-03T14:20:00Z',
      receivedAt: '2025-03-04T13:05:00Z',
      analysedFrom: '2025-03-04',
      analysedTo: '2025-03-06',
    },
    overall: 'fail',
    totals: { totalThc: '23.78', totalCbd: '0.07', unit: '%' },
    groups: GROUPS,
    limitSet: {
      name: 'ny-ocm-2025-draft',
      effectiveFrom: '2025-01-01',
      source: 'NY OCM Laboratory Testing Limits as described by NY labs; stand-ins from WAC 314-55-108 and CA DCC',
    },
    version: 1,
    releasedAt: '2025-03-07T14:05:00Z',
    releasedBy: 'Morgan Lee, Laboratory Manager',
    verifyUrl: 'https://labtrace.empire-analytical.example/v1/coa/verify/7f3c2a9e4b1d4e8a',
    ...overrides,
  };
}

const amendedView = (): CoaView =>
  flowerView({ version: 2, amendment: { supersedesVersion: 1, reason: "Client license number corrected at the licensee's request." } });

describe('renderCoaPdf', () => {
  const extractor = new PdfParseTextExtractor();
  let pdf: Buffer;
  let text: string;
  let pages: number;
  /** The text with every run of whitespace as one space, so wrapped values read whole. */
  let flat: string;

  beforeAll(async () => {
    pdf = await renderCoaPdf(flowerView());
    ({ text, pages } = await extractor.extract(pdf));
    flat = text.replace(/\s+/g, ' ');
    if (process.env.COA_PREVIEW) {
      writeFileSync(join(tmpdir(), 'coa-sample.pdf'), pdf);
      writeFileSync(join(tmpdir(), 'coa-sample-amended.pdf'), await renderCoaPdf(amendedView()));
    }
  });

  it('is a complete PDF document', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1').trimEnd()).toMatch(/%%EOF$/);
  });

  it('prints the lab, client and sample identity that §130.23 requires', () => {
    for (const expected of [
      'Empire Analytical Laboratories',
      '120 Research Parkway, Suite 4, Albany, NY 12203',
      '(518) 555-0142',
      'results@empire-analytical.example',
      'OCM-LAB-24-000017',
      'PJLA Testing 112233',
      'Certificate of Analysis',
      'Hudson Valley Craft Cultivation LLC',
      'OCM-AUCC-23-000481',
      'Blue Dream whole flower',
      'EAL-250304-0012',
      '6500000123456701',
      '6500000123450001',
      '6500000123450002',
      'Flower',
      'Received',
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it("prints collection and receipt times in the lab's time zone", () => {
    expect(flat).toContain('Collected Hudson Valley Craft Cultivation, Kingston, NY, 2025-03-03 09:20 EST');
    expect(flat).toContain('Received 2025-03-04 08:05 EST');
    expect(flat).toContain('Analysed 2025-03-04 – 2025-03-06');
  });

  it('prints every group with its method, and a table row per analyte', () => {
    for (const group of GROUPS) {
      expect(text).toContain(group.title);
      if (group.method) expect(text).toContain(group.method);
    }
    for (const [analyte] of PESTICIDES) expect(text).toContain(analyte);
    expect(flat).toContain('Method: qPCR and plate count (SOP-MIC-003) · Analysed: 2025-03-04');
    expect(text).toMatch(/Analyte\s+Result\s+Unit\s+LOQ\s+Limit\s+Status/);
  });

  it('marks the failing analyte FAIL with its result and limit, and the sample FAIL overall', () => {
    expect(text).toMatch(/Myclobutanil\s+0\.34\s+[µμ]g\/g\s+0\.05\s+<= 0\.20\s+FAIL/);
    expect(text).toMatch(/OVERALL RESULT\s+FAIL/);
    expect(text).toMatch(/Pesticides\s+FAIL/);
    expect(text).toMatch(/Metals\s+PASS/);
  });

  it('spells Greek letters and signs Helvetica lacks, and keeps the ones it has', () => {
    expect(text).toMatch(/Delta-9-THC\s+0\.62\s+%/);
    expect(text).toContain('Delta-8-THC');
    expect(text).toContain('Stems >= 3 mm');
    expect(text).toContain('5.0 – 15.0');
    expect(text).not.toMatch(/[Δ≤≥]/);
  });

  it('prints total THC and total CBD with how they are computed', () => {
    expect(text).toMatch(/TOTAL THC\s+23\.78\s+%/);
    expect(text).toMatch(/TOTAL CBD\s+0\.07\s+%/);
    expect(text).toContain('Total THC = Delta-9-THC + 0.877 × THCA');
  });

  it('closes with the limit set, version, release, verification URL and scope statement', () => {
    expect(text).toContain('ny-ocm-2025-draft (effective 2025-01-01)');
    expect(text).toContain('WAC 314-55-108');
    expect(text).toMatch(/Version\s+1/);
    expect(text).toContain('2025-03-07 09:05 EST');
    expect(text).toContain('Morgan Lee, Laboratory Manager');
    expect(text).toContain('https://labtrace.empire-analytical.example/v1/coa/verify/7f3c2a9e4b1d4e8a');
    expect(flat).toContain('relate only to the sample as received and tested');
    expect(text).not.toContain('supersedes');
  });

  it('numbers every page "Page X of N" and carries the sample code and version in each footer', () => {
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Page ${page} of ${pages}`);
    const footers = text.match(/Sample EAL-250304-0012\s+·\s+Version 1/g) ?? [];
    expect(footers).toHaveLength(pages);
  });

  it('repeats the table header when the pesticide table runs onto the next page', () => {
    expect(text).toContain('Pesticides (continued)');
    const headerRows = text.match(/Analyte\s+Result\s+Unit\s+LOQ\s+Limit\s+Status/g) ?? [];
    expect(headerRows.length).toBeGreaterThan(GROUPS.length);
  });

  it('gives the same bytes for the same view', async () => {
    expect((await renderCoaPdf(flowerView())).equals(pdf)).toBe(true);
  });

  it('prints an amendment: the version it supersedes and why', async () => {
    const amended = await extractor.extract(await renderCoaPdf(amendedView()));
    expect(amended.text).toContain('AMENDED: supersedes version 1');
    expect(amended.text).toContain('This version supersedes version 1. Reason for amendment: Client license number corrected');
    expect(amended.text).toContain(`Page ${amended.pages} of ${amended.pages}`);
    expect(amended.text).toMatch(/Version 2/);
  });

  it('wraps long cells within their row and keeps every row of a very long table', async () => {
    const longName = 'Total aflatoxins, sum of B1, B2, G1 and G2, reported on a dry-weight basis after confirmation';
    const many = Array.from({ length: 120 }, (_, index) => line(`Screening analyte ${index + 1}`, 'ND', 'µg/g', '0.05', '≤ 0.20'));
    const view = flowerView({
      groups: [{ group: 'pesticides', title: 'Pesticides', status: 'pass', lines: [line(longName, '>ULOQ 50.0', 'µg/kg', '2.0', '≤ 20', 'fail'), ...many] }],
    });
    const long = await extractor.extract(await renderCoaPdf(view));
    const longFlat = long.text.replace(/\s+/g, ' ');
    expect(longFlat).toContain('reported on a dry-weight basis after confirmation');
    expect(longFlat).toContain('>ULOQ 50.0');
    for (let index = 1; index <= 120; index += 1) expect(long.text).toMatch(new RegExp(`Screening analyte ${index}\\s+ND`));
    expect(long.text).toContain(`Page ${long.pages} of ${long.pages}`);
  });

  it('renders a passing sample without cannabinoid totals', async () => {
    const passing = flowerView({ overall: 'pass', totals: undefined, groups: GROUPS.filter((group) => group.status !== 'fail') });
    const { text: passText } = await extractor.extract(await renderCoaPdf(passing));
    expect(passText).toMatch(/OVERALL RESULT\s+PASS/);
    expect(passText).not.toContain('TOTAL THC');
    expect(passText).not.toContain('FAIL');
  });
});

describe('printable', () => {
  it('spells Greek letters out, with a hyphen before a digit or letter', () => {
    expect(printable('Δ9-THC')).toBe('Delta-9-THC');
    expect(printable('Δ-8-THC')).toBe('Delta-8-THC');
    expect(printable('β-Caryophyllene')).toBe('beta-Caryophyllene');
    expect(printable('α-Pinene')).toBe('alpha-Pinene');
  });

  it('replaces signs outside WinAnsi and keeps µ, en dash, ±, ° and ×', () => {
    expect(printable('≤ 0.5')).toBe('<= 0.5');
    expect(printable('≥ 3 mm')).toBe('>= 3 mm');
    expect(printable('μg/g')).toBe('µg/g');
    expect(printable('µg/g')).toBe('µg/g');
    expect(printable('5 – 13 %')).toBe('5 – 13 %');
    expect(printable('± 0.4 °C × 2')).toBe('± 0.4 °C × 2');
    expect(printable('−0.2')).toBe('-0.2');
  });

  it('keeps powers of ten readable and decomposes what it can', () => {
    expect(printable('10⁴ CFU/g')).toBe('10^4 CFU/g');
    expect(printable('10² CFU/g')).toBe('10² CFU/g');
    expect(printable('H₂O')).toBe('H2O');
    expect(printable('ﬁlter')).toBe('filter');
    expect(printable('检测')).toBe('??');
  });
});

describe('displayDate', () => {
  it('prints an instant in New York time with its zone', () => {
    expect(displayDate('2025-03-07T14:05:00Z')).toBe('2025-03-07 09:05 EST');
    expect(displayDate('2025-07-01T04:30:00.000Z')).toBe('2025-07-01 00:30 EDT');
  });

  it('leaves dates and already formatted text as they are', () => {
    expect(displayDate('2025-03-07')).toBe('2025-03-07');
    expect(displayDate('March 7, 2025')).toBe('March 7, 2025');
  });

  it("gives analysis days in the lab's calendar, one date when both ends fall on the same day", () => {
    expect(displayDay('2025-03-05T03:30:00Z')).toBe('2025-03-04');
    expect(displayDayRange('2025-03-04T15:00:00Z', '2025-03-04T20:00:00Z')).toBe('2025-03-04');
    expect(displayDayRange('2025-03-04', '2025-03-06T16:00:00Z')).toBe('2025-03-04 – 2025-03-06');
    expect(displayDayRange(undefined, '2025-03-06')).toBe('2025-03-06');
    expect(displayDayRange(undefined, undefined)).toBeUndefined();
  });
});
