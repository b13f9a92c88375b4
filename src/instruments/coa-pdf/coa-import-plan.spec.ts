import { planCoaImport } from './coa-import-plan';
import type { CoaAnalyteRow, ParsedCoa } from './coa-layout.types';

function coa(analytes: CoaAnalyteRow[], extra: Partial<ParsedCoa> = {}): ParsedCoa {
  return { layout: 'sc-labs', sampleIds: ['211116M007'], inventoryIds: [], reportedGroups: {}, analytes, warnings: [], ...extra };
}

const LIMIT_UNITS = new Map<string, string | null>([
  ['lead', 'µg/g'],
  ['salmonella', null],
]);

describe('planCoaImport', () => {
  it('maps printed names onto canonical analytes and groups, keeping values, qualifiers, units and LOQs', () => {
    const plan = planCoaImport(
      coa([
        { group: 'cannabinoids', analyte: 'Δ9THC', value: '24.5', unit: 'mg/g', loq: '0.4' },
        { group: 'cannabinoids', analyte: 'CBG', qualifier: '<LOQ', unit: 'mg/g', loq: '0.5' },
        { group: 'cannabinoids', analyte: 'Moisture', value: '12.2', unit: '% w/w' },
        { group: 'metals', analyte: 'Lead', qualifier: 'ND', unit: 'μg/g', loq: '0.1', limit: '0.5', reportedStatus: 'pass' },
      ]),
      LIMIT_UNITS,
    );
    expect(plan.groups).toEqual([
      {
        group: 'cannabinoids',
        analytes: [
          { analyte: 'd9-thc', value: '24.5', qualifier: null, unit: 'mg/g', loq: '0.4' },
          { analyte: 'cbg', value: null, qualifier: '<LOQ', unit: 'mg/g', loq: '0.5' },
        ],
      },
      { group: 'moisture', analytes: [{ analyte: 'moisture', value: '12.2', qualifier: null, unit: '%', loq: null }] },
      { group: 'metals', analytes: [{ analyte: 'lead', value: null, qualifier: 'ND', unit: 'µg/g', loq: '0.1' }] },
    ]);
    expect(plan.rows[3]).toEqual({
      group: 'metals',
      analyte: 'Lead',
      canonical: { analyte: 'lead', name: 'Lead', group: 'metals' },
      value: null,
      qualifier: 'ND',
      unit: 'μg/g',
      storedUnit: 'µg/g',
      loq: '0.1',
      limit: '0.5',
      reportedStatus: 'pass',
      outcome: 'accepted',
    });
    expect(plan.unknownAnalytes).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('skips, with the reason, what cannot become a result, and lists unknown names once', () => {
    const plan = planCoaImport(
      coa([
        { group: 'terpenes', analyte: 'Total', value: '1.812', unit: '%' },
        { group: 'foreign_matter', analyte: 'Hair Count', reportedStatus: 'pass' },
        { group: 'foreign_matter', analyte: 'Hair Count', reportedStatus: 'pass' },
        { group: 'cannabinoids', analyte: 'Total THC', value: '21.9', unit: '%' },
        { group: 'cannabinoids', analyte: 'THCA', value: '24.1', unit: '%' },
        { group: 'cannabinoids', analyte: 'THCa', value: '24.0', unit: '%' },
        { group: 'microbials', analyte: 'Aerobic Bacteria', unit: 'CFU/g', reportedStatus: 'na' },
        { group: 'metals', analyte: 'Lead', value: '12', unit: 'CFU/g' },
        { group: 'cannabinoids', analyte: 'CBN', value: '0.2', unit: 'Bq/kg' },
        { group: 'cannabinoids', analyte: 'CBC', value: '0.3' },
      ]),
      LIMIT_UNITS,
    );
    const reasons = plan.rows.map((r) => [r.analyte, r.outcome, r.reason]);
    expect(reasons).toEqual([
      ['Total', 'skipped', "unknown analyte: not in LabTrace's vocabulary, or it could mean more than one"],
      ['Hair Count', 'skipped', "unknown analyte: not in LabTrace's vocabulary, or it could mean more than one"],
      ['Hair Count', 'skipped', "unknown analyte: not in LabTrace's vocabulary, or it could mean more than one"],
      ['Total THC', 'skipped', 'Total THC is computed by LabTrace from its components'],
      ['THCA', 'accepted', undefined],
      ['THCa', 'skipped', 'THCA is already given by "THCA" (cannabinoids); the first is kept'],
      ['Aerobic Bacteria', 'skipped', 'the COA reports no result for it'],
      ['Lead', 'skipped', "CFU/g cannot be converted to µg/g, the unit of Lead's limit"],
      ['CBN', 'skipped', 'unit "Bq/kg" is not one LabTrace stores'],
      ['CBC', 'skipped', 'the COA prints no unit for it'],
    ]);
    expect(plan.unknownAnalytes).toEqual(['Total', 'Hair Count']);
    expect(plan.groups).toEqual([{ group: 'cannabinoids', analytes: [{ analyte: 'thca', value: '24.1', qualifier: null, unit: '%', loq: null }] }]);
  });

  it('stores a not-detected presence test ("per 1g") as ND in CFU/g and says so, but not a detection', () => {
    const plan = planCoaImport(
      coa(
        [
          { group: 'microbials', analyte: 'Salmonella spp.', qualifier: 'ND', unit: 'per 1g', reportedStatus: 'pass' },
          { group: 'microbials', analyte: 'Aspergillus niger', value: '3', unit: 'per 1 g', reportedStatus: 'fail' },
        ],
        { reportedGroups: { microbials: 'fail' } },
      ),
      LIMIT_UNITS,
    );
    expect(plan.groups).toEqual([{ group: 'microbials', analytes: [{ analyte: 'salmonella', value: null, qualifier: 'ND', unit: 'CFU/g', loq: null }] }]);
    expect(plan.rows[1]).toMatchObject({ outcome: 'skipped', reason: 'unit "per 1 g" is not one LabTrace stores' });
    expect(plan.warnings).toEqual(['Salmonella spp.: reported as not detected in a presence test (per gram); stored as ND in CFU/g.']);
  });

  it("carries the parser's warnings and the COA's contradictions, and names a group with nothing stored", () => {
    const plan = planCoaImport(
      coa([{ group: 'foreign_matter', analyte: 'Insect Fragment Count', reportedStatus: 'fail' }], {
        reportedGroups: { foreign_matter: 'pass' },
        reportedOverall: 'pass',
        warnings: ['moisture: result "n/a" could not be read; skipped.'],
      }),
      LIMIT_UNITS,
    );
    expect(plan.warnings).toEqual([
      'moisture: result "n/a" could not be read; skipped.',
      'The COA contradicts itself: Insect Fragment Count is marked fail but the COA passes foreign_matter.',
      'The COA contradicts itself: The COA passes overall but fails row(s) Insect Fragment Count.',
      "None of the COA's foreign_matter rows could be stored; see the skipped rows.",
    ]);
  });

  it("dates each group by the COA's test date on the lab's calendar, else the import, and names the reporting lab as the method", () => {
    const provenance = { importedAt: '2026-12-02T15:00:00.000Z', timeZone: 'America/New_York' };
    const lead = { group: 'metals', analyte: 'Lead', qualifier: 'ND' as const, unit: 'µg/g', loq: '0.1' };
    const dated = planCoaImport(coa([lead], { labName: 'SC Labs', testedAt: '2022-06-21' }), LIMIT_UNITS, provenance);
    // Midnight in New York, so the certificate prints the COA's own day (2022-06-21), not the day before.
    expect(dated.groups).toEqual([
      {
        group: 'metals',
        analysedAt: '2022-06-21T04:00:00.000Z',
        analytes: [{ analyte: 'lead', value: null, qualifier: 'ND', unit: 'µg/g', loq: '0.1', method: 'as reported on the COA of SC Labs' }],
      },
    ]);
    expect(dated.warnings).toEqual([]);

    const undated = planCoaImport(coa([lead]), LIMIT_UNITS, provenance);
    expect(undated.groups[0]).toMatchObject({ analysedAt: '2026-12-02T15:00:00.000Z', analytes: [{ method: 'as reported on an imported sc-labs COA' }] });
    expect(undated.warnings).toEqual(['The COA prints no test date; its results are dated by this import.']);
  });
});
