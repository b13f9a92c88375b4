import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../src/audit/audit.service';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import type { RejudgedRow } from '../src/results/rejudged-rows';
import type { LimitSetSummaryDto, LimitSetUploadDto } from '../src/rules/limit-sets/limit-set.dto';
import { approveAs } from './support/approvals';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Auditor finding: writing one group re-judges the whole working version under the limit set now in
 * force, so rows nobody touched can change verdict and limit set. The trail must say which and how.
 */
describe('re-judged rows land in the audit trail', () => {
  let t: TestContext;
  let tech: { token: string };
  let admin: { token: string };
  let licensee: LicenseeHandle;
  let setA: string;
  let setB: string;

  const today = new Date().toISOString().slice(0, 10);
  /** The built-in set with the inhaled-products lead limit lowered from 0.5 to 0.1 µg/g (the panel's lead is 0.12). */
  const lowerLeadSet = () => {
    const builtIn = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'rules', 'data', 'ny-ocm-2025-draft.limits.json'), 'utf8')) as {
      rows: Array<{ productTypes: string[]; analyte: string; limitMax?: string }>;
    };
    const rows = builtIn.rows.map((r) => (r.analyte === 'lead' && r.productTypes.includes('inhaled products') ? { ...r, limitMax: '0.1' } : r));
    return JSON.stringify({ ...builtIn, name: 'ocm-lead-rev', effectiveDate: today, source: 'OCM lead revision (test)', rows });
  };
  const pesticides = () => passingFlowerPanel().filter((g) => g.group === 'pesticides');
  const auditOf = async (sampleId: string) =>
    (await t.http().get(`/v1/samples/${sampleId}/audit`).set('Authorization', `Bearer ${tech.token}`).expect(200)).body as AuditEntry[];
  const resultsOf = async (sampleId: string) =>
    (await t.http().get(`/v1/samples/${sampleId}/results`).set('Authorization', `Bearer ${tech.token}`).expect(200)).body as SampleResultsDto;
  const lead = (r: SampleResultsDto) => r.groups.find((g) => g.group === 'metals')!.analytes.find((a) => a.analyte === 'lead')!;
  const rejudgedOf = (e: AuditEntry) => (e.after as { rejudged: RejudgedRow[] }).rejudged;
  const leadRejudged: RejudgedRow = {
    group: 'metals',
    analyte: 'lead',
    status: { from: 'pass', to: 'fail' },
    limit: { from: '≤ 0.5 µg/g', to: '≤ 0.1 µg/g' },
    limitSetId: { from: '', to: '' },
  };

  // Entered and judged under the built-in set (A) before the new set (B) is approved.
  let entered: { id: string; labCode: string };
  let imported: { id: string; labCode: string };

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    admin = await t.userToken('admin');
    licensee = await registerLicensee(t, admin.token);

    entered = await receivedSample(t, tech.token, licensee);
    imported = await receivedSample(t, tech.token, licensee);
    for (const s of [entered, imported]) {
      const res = await putResults(t, tech.token, s.id, passingFlowerPanel());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'pass', limitSet: { name: 'ny-ocm-2025-draft' } });
    }
    setA = ((await t.http().get('/v1/limit-sets').set('Authorization', `Bearer ${tech.token}`).expect(200)).body as LimitSetSummaryDto[]).find(
      (s) => s.name === 'ny-ocm-2025-draft',
    )!.id;

    const uploaded = await t
      .http()
      .post('/v1/limit-sets')
      .set('Authorization', `Bearer ${admin.token}`)
      .attach('file', Buffer.from(lowerLeadSet()), 'limits.json')
      .expect(202);
    const { limitSet, approval } = uploaded.body as LimitSetUploadDto;
    setB = limitSet.id;
    // Two people put a set in force: another admin approves the upload.
    await approveAs(t, (await t.userToken('admin')).token, approval.id);
    Object.assign(leadRejudged, { limitSetId: { from: setA, to: setB } });
  });
  afterAll(() => t.close());

  it('a first entry re-judges nothing: no results.rejudged event', async () => {
    const trail = await auditOf(entered.id);
    const entries = trail.filter((e) => e.action === 'results.entered');
    expect(entries.map((e) => (e.after as { group: string }).group)).toEqual(
      passingFlowerPanel()
        .map((g) => g.group)
        .sort(),
    );
    expect(trail.map((e) => e.action)).not.toContain('results.rejudged');
    expect(entries.every((e) => !('rejudged' in (e.after as object)))).toBe(true);
  });

  it('re-entering only pesticides flips untouched lead to fail under the new set, and the trail says so', async () => {
    expect(lead(await resultsOf(entered.id))).toMatchObject({ status: 'pass', limit: '≤ 0.5 µg/g' });
    const before = (await auditOf(entered.id)).length;

    const res = await putResults(t, tech.token, entered.id, pesticides(), 'pesticides re-run after column change');
    expect(res.status).toBe(200);
    const results = res.body as SampleResultsDto;
    expect(results).toMatchObject({ status: 'fail', failedGroups: ['metals'], limitSet: { name: 'ocm-lead-rev' } });
    expect(lead(results)).toMatchObject({ value: '0.12', status: 'fail', limit: '≤ 0.1 µg/g' });

    const added = (await auditOf(entered.id)).slice(before);
    // The write's own event (its group only, unchanged in shape), then one event for what it re-judged.
    expect(added.map((e) => e.action)).toEqual(['results.entered', 'results.rejudged']);
    expect(added[0].after).toMatchObject({ group: 'pesticides', limitSet: 'ocm-lead-rev' });
    expect(added[0].after).not.toHaveProperty('rejudged');
    const [, rejudged] = added;
    expect(rejudged).toMatchObject({
      entityType: 'sample',
      entityId: entered.id,
      actor: { type: 'user' },
      reason: 'pesticides re-run after column change (judged again under limit set ocm-lead-rev, in force when pesticides was written)',
      before: { version: 1, limitSetIds: [setA] },
      after: { version: 1, limitSet: 'ocm-lead-rev', limitSetId: setB, cause: { action: 'results.entered', groups: ['pesticides'], sourceId: null } },
    });
    expect(rejudged.requestId).toBe(added[0].requestId);
    const rows = rejudgedOf(rejudged);
    expect(rows).toContainEqual(leadRejudged);
    // Every kept row moved from A to B; none of the written group is listed; the other metals still pass.
    expect(rows.every((r) => r.limitSetId.from === setA && r.limitSetId.to === setB)).toBe(true);
    expect(rows.some((r) => r.group === 'pesticides')).toBe(false);
    expect(rows.find((r) => r.analyte === 'arsenic')).toEqual({
      group: 'metals',
      analyte: 'arsenic',
      status: { from: 'pass', to: 'pass' },
      limit: { from: '≤ 0.2 µg/g', to: '≤ 0.2 µg/g' },
      limitSetId: { from: setA, to: setB },
    });
    expect(rows.map((r) => r.group)).toEqual(expect.arrayContaining(['cannabinoids', 'metals', 'microbials', 'mycotoxins']));
  });

  it('an entry where nothing flips adds no rejudged list', async () => {
    const before = (await auditOf(entered.id)).length;
    await putResults(t, tech.token, entered.id, pesticides()).then((r) => expect(r.status).toBe(200));
    const added = (await auditOf(entered.id)).slice(before);
    expect(added.map((e) => e.action)).toEqual(['results.entered']);
    expect(added[0].after).not.toHaveProperty('rejudged');
  });

  it('an instrument import through the batch path records the re-judged rows in one event per sample', async () => {
    const fresh = [await receivedSample(t, tech.token, licensee), await receivedSample(t, tech.token, licensee)];
    // The MassHunter export's three samples: the one judged under A, and two with no results yet.
    let text = readFileSync(join(__dirname, 'fixtures', 'instrument-exports', 'agilent-masshunter-quant-cannabis.csv'), 'utf8');
    ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125'].forEach((code, i) => (text = text.split(code).join([imported, ...fresh][i].labCode)));
    const before = (await auditOf(imported.id)).length;

    const res = await t
      .http()
      .post('/v1/instrument-imports')
      .set('Authorization', `Bearer ${tech.token}`)
      // It changes results entered by hand: only with a reason.
      .field('reason', 'the LC-MS/MS batch replaces the bench entry')
      .attach('file', Buffer.from(text, 'utf8'), 'batch-260314.csv');
    expect(res.status).toBe(201);
    const runId = (res.body as { id: string }).id;
    expect(lead(await resultsOf(imported.id))).toMatchObject({ status: 'fail', limit: '≤ 0.1 µg/g' });

    // The results' events (the QC flags the batch's failing blank raised are audited beside them as qc_flag.raised).
    const added = (await auditOf(imported.id)).slice(before).filter((e) => e.action.startsWith('results.'));
    const own = added.filter((e) => e.action === 'results.instrument_import');
    // The file carries myclobutanil (pesticides) and aflatoxin B1 (mycotoxins).
    expect(own.map((e) => (e.after as { group: string }).group)).toEqual(['mycotoxins', 'pesticides']);
    expect(added.map((e) => e.action)).toEqual([...own.map(() => 'results.instrument_import'), 'results.rejudged']);
    const rejudged = added[added.length - 1];
    expect(rejudged.after).toMatchObject({
      limitSet: 'ocm-lead-rev',
      limitSetId: setB,
      cause: { action: 'results.instrument_import', groups: ['mycotoxins', 'pesticides'], sourceId: runId },
    });
    const rows = rejudgedOf(rejudged);
    expect(rows).toContainEqual(leadRejudged);
    // An import merges: the pesticides the file did not carry were kept and judged again; myclobutanil it carried was not.
    expect(rows).toContainEqual(expect.objectContaining({ group: 'pesticides', analyte: 'bifenazate', limitSetId: { from: setA, to: setB } }));
    expect(rows.some((r) => r.analyte === 'myclobutanil' || r.analyte === 'aflatoxin-b1')).toBe(false);

    // Samples with no results before re-judge nothing.
    for (const s of fresh) expect((await auditOf(s.id)).map((e) => e.action)).not.toContain('results.rejudged');
  });
});
