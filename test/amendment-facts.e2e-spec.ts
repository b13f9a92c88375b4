import type { AuditEntry } from '../src/audit/audit.service';
import { displayDay } from '../src/certificates/coa/coa-pdf-text';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { AnalyteResultDto, SampleResultsDto } from '../src/results/dto/results-response.dto';
import { amendAndRelease } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel } from './support/panels';
import { submitAndRelease } from './support/release';
import { BUILT_IN_METHODS, Group, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

const ICP_MS = 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)';

/** Rows without their own LOD/LOQ, so the method's figures are stored (Lead: LOD 0.02, LOQ 0.05 µg/g). */
const bare = (g: Group) => g.analytes.map(({ lod: _lod, loq: _loq, ...row }) => row);
const metals = () => completePanel().find((g) => g.group === 'metals')!;
/** The metals group as a correction sends it: Lead's value changed, no method, LOQ or date anywhere. */
const correctedMetals = (lead: string) => [{ group: 'metals', analytes: bare(metals()).map((a) => (a.analyte === 'Lead' ? { ...a, value: lead } : a)) }];

/**
 * An amendment corrects a value; the measurement stays what it was. The amended group keeps its
 * method, LOD/LOQ and analysed date unless the amendment gives its own (a re-test), the COA prints
 * them, and the diff and audit trail show LOQ, limit and limit set on both sides.
 */
describe('an amendment keeps the analysis facts of the rows it corrects', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Finger Lakes Cultivation LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const results = async (id: string, version: number) =>
    (await t.http().get(`/v1/samples/${id}/results?version=${version}`).set(as(tech)).expect(200)).body as SampleResultsDto;
  const analyte = (view: SampleResultsDto, group: string, name: string): AnalyteResultDto =>
    view.groups.find((g) => g.group === group)!.analytes.find((a) => a.name === name)!;
  const stored = async (id: string, version: number, analyteId: string) =>
    (
      await t.sql<{ method_id: string | null; method_set_id: string | null; dilution: string | null; source_type: string }>(
        'SELECT method_id, method_set_id, dilution, source_type FROM analyte_results WHERE sample_id = $1 AND version = $2 AND analyte = $3',
        [id, version, analyteId],
      )
    )[0];
  async function coaText(id: string, version: number): Promise<string> {
    const res = await t.http().get(`/v1/samples/${id}/coa?version=${version}`).set(as(tech)).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    return (await new PdfParseTextExtractor().extract(res.body as Buffer)).text;
  }

  it('a corrected value keeps method, LOD/LOQ and date; a re-test keeps its own; COA, diff and audit show them', async () => {
    // Version 1: every group by its method, dated when the analysis ran.
    const s = await receivedSample(t, tech.token, licensee);
    const analysedAt = new Date().toISOString();
    const entered = await putResults(
      t,
      tech.token,
      s.id,
      completePanel().map((g) => ({ ...g, methodId: BUILT_IN_METHODS[g.group], analysedAt, analytes: bare(g) })),
    );
    expect([entered.status, (entered.body as { message?: string }).message]).toEqual([200, undefined]);
    await submitAndRelease(t, tech, managerB, s.id);
    const v1 = await results(s.id, 1);
    const lead1 = analyte(v1, 'metals', 'Lead');
    expect(lead1).toMatchObject({ value: '0.12', method: ICP_MS, lod: '0.02', loq: '0.05', analysedAt, limit: expect.stringMatching(/0\.5/) });
    const stored1 = await stored(s.id, 1, 'lead');
    expect(stored1.method_id).toBe('LT-M-MET-01');
    expect(stored1.method_set_id).toEqual(expect.any(String));

    // Version 2: Lead 0.12 → 0.31 typed again, nothing else said about the analysis.
    const correction = await amendAndRelease(t, managerA, managerB, s.id, {
      amendsVersion: 1,
      reason: 'Lead value transposed when typed from the ICP-MS printout',
      results: correctedMetals('0.31'),
    });
    const v2 = await results(s.id, 2);
    const lead2 = analyte(v2, 'metals', 'Lead');
    expect(lead2).toMatchObject({
      value: '0.31',
      sourceType: 'amendment',
      method: ICP_MS,
      instrument: lead1.instrument,
      lod: '0.02',
      loq: '0.05',
      analysedAt,
      status: 'pass',
      limit: lead1.limit,
    });
    expect(await stored(s.id, 2, 'lead')).toEqual({ ...stored1, source_type: 'amendment' });
    // The other metals the correction re-sent keep theirs too.
    for (const name of ['Arsenic', 'Cadmium', 'Mercury']) {
      const [before, after] = [analyte(v1, 'metals', name), analyte(v2, 'metals', name)];
      expect([name, after.method, after.lod, after.loq, after.analysedAt]).toEqual([name, before.method, before.lod, before.loq, before.analysedAt]);
    }

    // The diff shows LOQ and limit on both sides (unchanged here), and the limit set of each version.
    const leadChange = correction.amendment.diff.groups.find((g) => g.group === 'metals')!.analytes.find((a) => a.name === 'Lead')!;
    expect(leadChange).toMatchObject({
      change: 'changed',
      fields: ['value'],
      before: { value: '0.12', loq: '0.05', limit: lead1.limit },
      after: { value: '0.31', loq: '0.05', limit: lead1.limit },
    });
    expect(correction.amendment.diff.limitSets).toEqual({ before: v1.limitSet, after: v2.limitSet });

    // The COA of version 2 prints the method and the date for the amended group, like every other.
    const text = await coaText(s.id, 2);
    expect(text).toContain('AMENDED: supersedes version 1');
    expect(text).toContain(`Method: ${ICP_MS} · Analysed: ${displayDay(analysedAt)}`);
    expect(text).not.toContain('Method: not recorded');
    expect(text.match(/Method: .+ · Analysed: \d{4}-\d{2}-\d{2}/g) ?? []).toHaveLength(completePanel().length);
    expect(text).toMatch(/Lead\s+0\.31\s+[µμ]g\/g\s+0\.05\s+/);

    // Version 3: Lead re-tested at a 1:2 dilution, picking the method and dating the run.
    const retestedAt = new Date(Date.now() - 1000).toISOString();
    const retest = await amendAndRelease(t, managerA, managerB, s.id, {
      amendsVersion: 2,
      reason: 'Lead re-run diluted 1:2 after the matrix spike failed',
      results: [
        {
          group: 'metals',
          analytes: bare(metals()).map((a) =>
            a.analyte === 'Lead' ? { ...a, value: '0.33', methodId: 'LT-M-MET-01', dilution: '2', analysedAt: retestedAt } : a,
          ),
        },
      ],
    });
    const v3 = await results(s.id, 3);
    expect(analyte(v3, 'metals', 'Lead')).toMatchObject({ value: '0.33', method: ICP_MS, dilution: '2', lod: '0.04', loq: '0.1', analysedAt: retestedAt });
    expect(await stored(s.id, 3, 'lead')).toMatchObject({ method_id: 'LT-M-MET-01', method_set_id: stored1.method_set_id, dilution: '2' });
    // Its neighbours, not re-tested, keep version 2's facts.
    expect(analyte(v3, 'metals', 'Arsenic')).toMatchObject({ method: ICP_MS, loq: analyte(v2, 'metals', 'Arsenic').loq, analysedAt });
    const retestChange = retest.amendment.diff.groups[0].analytes.find((a) => a.name === 'Lead')!;
    expect(retestChange).toMatchObject({ fields: ['value', 'loq'], before: { value: '0.31', loq: '0.05' }, after: { value: '0.33', loq: '0.1' } });

    // Each coa.amended event records the limit set both versions were judged by.
    const audit = (await t.http().get(`/v1/samples/${s.id}/audit`).set(as(tech)).expect(200)).body as AuditEntry[];
    const amended = audit.filter((e) => e.action === 'coa.amended');
    expect(amended).toHaveLength(2);
    expect(amended[0]).toMatchObject({ before: { version: 1, limitSetId: v1.limitSet!.id }, after: { version: 2, limitSetId: v2.limitSet!.id } });
    expect(amended[1]).toMatchObject({ before: { version: 2, limitSetId: v2.limitSet!.id }, after: { version: 3, limitSetId: v3.limitSet!.id } });
    expect(v1.limitSet!.id).toEqual(expect.any(String));
  });

  it('carries nothing to an analyte the amended version did not report, and refuses a new dilution without its LOD and LOQ', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const analysedAt = new Date().toISOString();
    const panel = completePanel().map((g) => ({ ...g, methodId: BUILT_IN_METHODS[g.group], analysedAt, analytes: bare(g) }));
    expect((await putResults(t, tech.token, s.id, panel)).status).toBe(200);
    await submitAndRelease(t, tech, managerB, s.id);

    const diluted = await t
      .http()
      .post(`/v1/samples/${s.id}/amendments`)
      .set(as(managerA))
      .send({
        amendsVersion: 1,
        reason: 'Lead diluted 1:5 on the re-run',
        results: [{ group: 'metals', analytes: bare(metals()).map((a) => (a.analyte === 'Lead' ? { ...a, value: '0.2', dilution: '5' } : a)) }],
      });
    expect(diluted.status).toBe(400);
    expect(diluted.body).toMatchObject({
      error: 'INVALID_RESULTS',
      details: [
        expect.objectContaining({ field: expect.stringMatching(/analytes\[0\]\.dilution$/), message: expect.stringMatching(/differs from version 1's/) }),
      ],
    });

    // Linalool was not reported in version 1: it gets nothing of the group's old rows, so with no method of its
    // own the new version could not say how it was measured (409), and with one it carries only that.
    const terpenes = completePanel().find((g) => g.group === 'terpenes')!;
    const linalool = { analyte: 'Linalool', value: '0.12', unit: '%' };
    const unnamed = await t
      .http()
      .post(`/v1/samples/${s.id}/amendments`)
      .set(as(managerA))
      .send({ amendsVersion: 1, reason: 'Linalool left off the first certificate', results: [{ group: 'terpenes', analytes: [...bare(terpenes), linalool] }] });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body).toMatchObject({
      error: 'CLAIMS_UNSUPPORTED',
      details: { unsupportedRows: [{ group: 'terpenes', analyte: 'linalool', name: 'Linalool', missing: ['method'] }] },
    });
    const method = 'GC-FID re-injection, run log 2026-12 p. 14';
    const added = await amendAndRelease(t, managerA, managerB, s.id, {
      amendsVersion: 1,
      reason: 'Linalool left off the first certificate',
      results: [{ group: 'terpenes', analytes: [...bare(terpenes), { ...linalool, method }] }],
    });
    expect(added.amendment.diff.counts).toEqual({ changed: 0, added: 1, removed: 0 });
    const v1 = await results(s.id, 1);
    const v2 = await results(s.id, 2);
    expect(analyte(v2, 'terpenes', 'Linalool')).toMatchObject({ value: '0.12', method, lod: null, loq: null, analysedAt: null });
    const myrcene = analyte(v1, 'terpenes', 'β-Myrcene');
    expect(analyte(v2, 'terpenes', 'β-Myrcene')).toMatchObject({ method: myrcene.method, lod: myrcene.lod, loq: myrcene.loq, analysedAt });
    expect(myrcene.method).toEqual(expect.stringContaining('SOP'));
  });
});
