import { writeFileSync } from 'fs';
import { join } from 'path';
import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import { DiffableAnalyte, DiffableVersion, diffVersions } from '../amendments.diff';
import { amendedAnalytesOf, amendedAnalyteText, amendedGroupNote } from './coa-amended';
import { renderCoaPdf } from './coa-pdf';
import { buildCoaView } from './coa-view.builder';
import { coaViewFixture } from './coa-view.fixture';

const ZONE = 'America/New_York';
const DAY_1 = '2026-12-01T05:00:00.000Z';
const DAY_3 = '2026-12-03T05:00:00.000Z';
const ICP = 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)';

function analyte(id: string, name: string, over: Partial<DiffableAnalyte> = {}): DiffableAnalyte {
  return {
    analyte: id,
    name,
    value: null,
    qualifier: null,
    unit: 'µg/g',
    status: 'pass',
    lod: '0.01',
    loq: '0.05',
    limit: '≤ 0.5 µg/g',
    method: ICP,
    analysedAt: DAY_1,
    computed: false,
    ...over,
  };
}

function version(n: number, metals: DiffableAnalyte[]): DiffableVersion {
  return { version: n, status: 'pass', limitSet: null, groups: [{ group: 'metals', status: 'pass', analytes: metals }] };
}

/** v1 → v2: Lead re-run (new value, new day), Arsenic's LOQ corrected, Mercury only re-judged (limit moved), Nickel added, Cadmium removed. */
const v1 = [
  analyte('lead', 'Lead', { value: '0.12' }),
  analyte('arsenic', 'Arsenic', { value: '0.08' }),
  analyte('mercury', 'Mercury', { qualifier: 'ND' }),
  analyte('cadmium', 'Cadmium', { qualifier: 'ND' }),
];
const v2 = [
  analyte('lead', 'Lead', { value: '0.31', analysedAt: DAY_3 }),
  analyte('arsenic', 'Arsenic', { value: '0.08', loq: '0.06' }),
  analyte('mercury', 'Mercury', { qualifier: 'ND', limit: '≤ 0.2 µg/g' }),
  analyte('nickel', 'Nickel', { value: '0.40', status: 'report_only', limit: null }),
];
const diff = diffVersions(version(1, v1), version(2, v2), ZONE);
const REASON = 'Lead re-run after the ICP-MS calibration check failed (CCV recovery 74 %)';

describe('what an amendment changed, as its COA prints it', () => {
  it('takes changed, added and removed lines from the diff, in printed words; a re-judged limit alone is no change to the line', () => {
    expect(amendedAnalytesOf(diff)).toEqual([
      { group: 'metals', analyte: 'lead', name: 'Lead', change: 'changed', fields: ['result', 'analysis day'] },
      { group: 'metals', analyte: 'arsenic', name: 'Arsenic', change: 'changed', fields: ['LOQ'] },
      { group: 'metals', analyte: 'cadmium', name: 'Cadmium', change: 'removed', fields: [] },
      { group: 'metals', analyte: 'nickel', name: 'Nickel', change: 'added', fields: [] },
    ]);
  });

  it('says when another lab’s line was corrected by this laboratory (its reporter unchanged), and not when it became ours', () => {
    const thca = { group: 'cannabinoids', analyte: 'thca', name: 'THCA', change: 'changed' as const, fields: ['result'] };
    expect(amendedAnalyteText(thca, '¹')).toBe("THCA¹ (result: corrected by this laboratory to match that laboratory's certificate)");
    // A re-test here: the reporter changed, the line is ours now (no other lab's mark) and reads as any change.
    expect(amendedAnalyteText({ ...thca, fields: ['result', 'method', 'reported by'] })).toBe('THCA (result, method, reported by)');
    expect(amendedAnalyteText(thca)).toBe('THCA (result)');
  });

  it('words the group note with the version and the reason (a long reason points to the amendment box)', () => {
    const changes = amendedAnalytesOf(diff);
    expect(amendedGroupNote(changes.slice(0, 1), { version: 2, reason: REASON })).toBe(
      `‡ Changed by amendment in version 2: Lead (result, analysis day). Reason: ${REASON}`,
    );
    expect(amendedGroupNote(changes.slice(3), { version: 2, reason: 'x'.repeat(200) })).toBe(
      '‡ Changed by amendment in version 2: Nickel (added). Reason: see the amendment under Release and verification.',
    );
  });
});

function judged(): SampleResultsDto {
  const row = (a: DiffableAnalyte) => ({
    ...a,
    dilution: null,
    instrument: null,
    analyst: 'Tech',
    sourceType: 'manual',
    sourceId: null,
    reason: null,
  });
  return {
    sampleId: 's',
    labCode: 'LT-2',
    version: 2,
    released: true,
    status: 'pass',
    reason: '',
    failedGroups: [],
    missingGroups: [],
    missingAnalytes: {},
    accountedFor: true,
    requiredGroups: ['metals'],
    limitSet: null,
    totals: null,
    edible: null,
    resultsDigest: '',
    groups: [{ group: 'metals', status: 'pass', reason: '', missingAnalytes: [], notTested: [], analytes: v2.map(row) }],
  };
}

describe('an amended version’s certificate', () => {
  const base = coaViewFixture();
  const facts = {
    lab: base.lab,
    client: base.client,
    sample: {
      labCode: 'LT-2',
      name: 'Blue Dream flower',
      productType: 'flower',
      sampleInventoryId: '1234567890123456',
      inventoryIds: ['1234567890123457'],
      collectionSite: null,
      collectedAt: null,
      receivedAt: new Date('2026-11-30T15:00:00Z'),
    },
    results: judged(),
    limitSet: { name: 'limits-v1', effectiveDate: '2025-01-01', source: 'test' },
    version: 2,
    amendment: { supersedesVersion: 1, reason: REASON, requestedBy: 'Ann Manager <ann@lab.test>', requestedAt: new Date('2026-12-04T15:00:00Z') },
    timeZone: ZONE,
    releasedAt: new Date('2026-12-05T15:00:00Z'),
    releasedBy: 'Bob Manager',
    verifyUrl: 'https://lab.example.test/v1/coa/verify/abc',
  };

  it('marks each line the amendment changed or added, and notes them under the table', () => {
    const view = buildCoaView({ ...facts, amendment: { ...facts.amendment, changes: amendedAnalytesOf(diff) } });
    const metals = view.groups[0];
    expect(metals.lines.map((l) => [l.analyte, l.marks])).toEqual([
      ['Lead', ['‡']],
      ['Arsenic', ['‡']],
      ['Mercury', undefined],
      ['Nickel', ['‡']],
    ]);
    expect(metals.notes).toEqual([
      `‡ Changed by amendment in version 2: Lead (result, analysis day); Arsenic (LOQ); Cadmium (removed); Nickel (added). Reason: ${REASON}`,
    ]);
  });

  it('marks nothing when the amendment carries no changes (a first release, or a view built before)', () => {
    const view = buildCoaView(facts);
    expect(view.groups[0].lines.filter((l) => l.marks)).toEqual([]);
    expect(view.groups[0].notes).toBeUndefined();
  });

  it('prints the marks, the note and the list in the amendment box', async () => {
    const pdf = await renderCoaPdf(buildCoaView({ ...facts, amendment: { ...facts.amendment, changes: amendedAnalytesOf(diff) } }));
    if (process.env.COA_RENDER_DIR) writeFileSync(join(process.env.COA_RENDER_DIR, 'unit-amended.pdf'), pdf);
    const text = (await new PdfParseTextExtractor().extract(pdf)).text;
    const flat = text.replace(/\s+/g, ' ');
    expect(text).toMatch(/Lead‡\s+0\.31\s+[µμ]g\/g/);
    expect(text).toMatch(/Mercury\s+ND/);
    expect(text).not.toMatch(/Mercury‡/);
    expect(flat).toContain('‡ Changed by amendment in version 2: Lead (result, analysis day); Arsenic (LOQ); Cadmium (removed); Nickel (added).');
    expect(flat).toContain(
      `Reason for amendment: ${REASON} Changed in this version (lines marked ‡): Lead (result, analysis day); Arsenic (LOQ); Cadmium (removed); Nickel (added).`,
    );
  });
});
