import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { changedAtReceipt, toCoaEdible } from './coa-edible';
import { renderCoaPdf } from './coa-pdf';
import type { CoaView } from './coa-view';

/** A released edible retest, as coa-view.builder gives it (one group, the edible block, the parent). */
function edibleRetestView(): CoaView {
  return {
    lab: {
      name: 'Empire Analytical Laboratories',
      address: '120 Research Parkway, Albany, NY 12203',
      phone: '(518) 555-0142',
      email: 'results@empire-analytical.example',
      ocmPermitId: 'OCM-LAB-24-000017',
      isoAccreditationId: 'PJLA Testing 112233',
    },
    client: { name: 'Catskill Confections LLC', licenseNumber: 'OCM-PROC-23-000212' },
    sample: {
      labCode: 'LT-2612-000012',
      description: 'Sour Cherry Gummies 10-pack (retest of LT-2611-000123)',
      productType: 'edible',
      sampleInventoryId: '6500000123456701',
      sampledInventoryIds: ['6500000123450001'],
      receivedAt: '2026-12-01T14:00:00Z',
    },
    overall: 'pass',
    totals: { totalThc: '0.245', totalCbd: '0.010', unit: '%' },
    edible: toCoaEdible({
      servingsPerPackage: '10',
      packageNetWeightG: '40',
      servingWeightG: '4',
      amounts: [
        { analyte: 'total-thc', qualifier: null, percent: '0.245', mgPerG: '2.45', mgPerServing: '9.80', mgPerPackage: '98.00' },
        { analyte: 'total-cbd', qualifier: 'ND', percent: null, mgPerG: null, mgPerServing: null, mgPerPackage: null },
      ],
      claims: [
        {
          analyte: 'total-thc',
          basis: 'serving',
          claimedMg: '8',
          measuredMg: '9.80',
          deviationPercent: '+22.5',
          tolerancePercent: '20',
          status: 'outside',
          reason: '',
        },
      ],
      claimTolerance: { tolerancePercent: '20', sourceTag: 'STAND-IN', source: 'Lab policy stand-in (9 NYCRR §114.8(a)(7): 80–120 %)' },
    }),
    retestOf: { labCode: 'LT-2611-000123' },
    groups: [
      {
        group: 'microbials',
        title: 'Microbials',
        status: 'pass',
        lines: [{ analyte: 'Aspergillus niger', result: 'ND', unit: 'CFU/g', limit: 'Not detected', status: 'pass' }],
      },
    ],
    limitSet: { name: 'ny-ocm-2025-draft', effectiveFrom: '2025-01-01', source: 'ny-testing-rules.md' },
    version: 1,
    releasedAt: '2026-12-01T18:00:00Z',
    releasedBy: 'Morgan Lee, Laboratory Manager',
    verifyUrl: 'https://labtrace.example/v1/coa/verify/7f3c2a9e4b1d4e8a',
  };
}

describe('the COA of an edible retest', () => {
  let text: string;
  beforeAll(async () => {
    text = (await new PdfParseTextExtractor().extract(await renderCoaPdf(edibleRetestView()))).text;
  });

  it('says Retest and names the parent sample under the title', () => {
    expect(text).toMatch(/Certificate of Analysis[\s\S]*Retest of sample LT-2611-000123/);
  });

  it('prints total THC and CBD in % w/w, mg/g, mg per serving and mg per package, a qualifier in every column it replaces', () => {
    expect(text).toMatch(/Edible potency\s+% w\/w\s+mg\/g\s+mg per serving\s+mg per package/);
    expect(text).toMatch(/Total THC\s+0\.245\s+2\.45\s+9\.80\s+98\.00/);
    expect(text).toMatch(/Total CBD\s+ND\s+ND\s+ND\s+ND/);
    expect(text).toMatch(/10 servings per package\s+·\s+package net weight 40 g\s+·\s+serving weight 4 g/);
  });

  it('flags a claim outside the tolerance and names where the tolerance comes from', () => {
    expect(text).toMatch(/Label claim: 8 mg Total THC per serving; measured 9\.80 mg per serving,\s+deviation \+22\.5 %\s+\(OUTSIDE tolerance ±20 %\)/);
    expect(text).toMatch(/Claim tolerance: STAND-IN: Lab policy stand-in/);
  });
});

describe('changedAtReceipt', () => {
  it('says the announced value, the received one, that the lab changed it at receipt, by whom and why', () => {
    expect(
      changedAtReceipt({
        changes: [
          { fact: 'servingsPerPackage', announced: '5', received: '10' },
          { fact: 'packageNetWeightG', announced: '40', received: '42.5' },
          { fact: 'claimBasis', announced: 'package', received: 'serving' },
          { fact: 'claimTotalCbdMg', announced: '2', received: null },
        ],
        by: 'Ana Ruiz <ana@lab.example>',
        reason: 'Package weighed and counted at receipt',
      }),
    ).toEqual([
      'Servings per package: announced 5; changed by the laboratory at receipt to 10.',
      'Package net weight: announced 40 g; changed by the laboratory at receipt to 42.5 g.',
      'Label claim basis: announced per package; changed by the laboratory at receipt to per serving.',
      'Label claim, Total CBD: announced 2 mg; changed by the laboratory at receipt to none.',
      'Changed at receipt by Ana Ruiz <ana@lab.example>. Reason: Package weighed and counted at receipt',
    ]);
  });

  it('points to the receipt record for a long reason, and prints nothing when nothing changed', () => {
    const long = 'x'.repeat(161);
    expect(changedAtReceipt({ changes: [{ fact: 'servingWeightG', announced: '4', received: '5' }], by: 'Ana', reason: long }).at(-1)).toBe(
      'Changed at receipt by Ana. Reason: kept in the receipt record.',
    );
    expect(changedAtReceipt({ changes: [], by: 'Ana', reason: null })).toEqual([]);
  });
});
