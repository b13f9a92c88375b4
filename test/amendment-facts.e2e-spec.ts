import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../src/audit/audit.service';
import { displayDay } from '../src/certificates/coa/coa-pdf-text';
import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import { labDay } from '../src/common/lab-instant';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { AnalyteResultDto, SampleResultsDto } from '../src/results/dto/results-response.dto';
import { amendAndRelease, requestAmendment } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { completePanel } from './support/panels';
import { reviewedRelease, submitAndRelease } from './support/release';
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
    expect(text).toMatch(/Lead‡\s+0\.31\s+[µμ]g\/g\s+0\.05\s+/);

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
    expect(retestChange).toMatchObject({
      fields: ['value', 'lod', 'loq'],
      before: { value: '0.31', lod: '0.02', loq: '0.05' },
      after: { value: '0.33', lod: '0.04', loq: '0.1' },
    });

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
    // A typed row is this lab's: method text claiming another lab's report would print as that lab's line with no COA behind it.
    const claimed = await putResults(t, tech.token, s.id, [
      { group: 'metals', analytes: [{ analyte: 'Lead', value: '0.10', unit: 'µg/g', method: 'as reported on the COA of Kaycha Labs' }] },
    ]);
    expect([claimed.status, (claimed.body as { details?: Array<{ field: string }> }).details?.map((d) => d.field)]).toEqual([
      400,
      ['groups[0].analytes[0].method'],
    ]);
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

  it('a re-dated or re-methoded result is an amendment of its own, shown to the approver and in coa.amended; a time within the day is none', async () => {
    const LAB_ZONE = 'America/New_York';
    const dayOf = (daysAgo: number) => labDay(new Date(Date.now() - daysAgo * 86_400_000).toISOString(), LAB_ZONE);
    const s = await receivedSample(t, tech.token, licensee, {}, { receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const panel = completePanel().map((g) => ({ ...g, methodId: BUILT_IN_METHODS[g.group], analysedAt: dayOf(2), analytes: bare(g) }));
    expect((await putResults(t, tech.token, s.id, panel)).status).toBe(200);
    await submitAndRelease(t, tech, managerB, s.id);
    const moisture = (analysedAt: string, over: object = {}) => [
      { group: 'moisture', analysedAt, analytes: bare(panel.find((g) => g.group === 'moisture')!).map((a) => ({ ...a, ...over })) },
    ];

    // Another time on the same lab day: the COA prints the same day, so there is nothing to amend.
    const sameDay = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 1,
      reason: 'moisture run time corrected',
      results: moisture(`${dayOf(2)}T15:30`),
    });
    expect([sameDay.status, (sameDay.body as { error?: string }).error]).toEqual([409, 'AMENDMENT_NO_CHANGE']);

    // The day alone: an amendment, and the diff names the date with both days.
    const redated = await amendAndRelease(t, managerA, managerB, s.id, {
      amendsVersion: 1,
      reason: 'moisture was run the day after',
      results: moisture(dayOf(1)),
    });
    const [change] = redated.amendment.diff.groups[0].analytes;
    expect(change).toMatchObject({
      name: 'Moisture',
      change: 'changed',
      fields: ['analysedDay'],
      before: { value: '11.2', methodId: 'LT-M-MOIST-01', analysedDay: dayOf(2) },
      after: { value: '11.2', methodId: 'LT-M-MOIST-01', analysedDay: dayOf(1) },
    });
    const audit = (await t.http().get(`/v1/samples/${s.id}/audit`).set(as(tech)).expect(200)).body as AuditEntry[];
    expect(audit.find((e) => e.action === 'coa.amended')).toMatchObject({
      after: {
        analytes: [
          {
            group: 'moisture',
            analyte: 'moisture',
            change: 'changed',
            fields: ['analysedDay'],
            before: { analysedDay: dayOf(2) },
            after: { analysedDay: dayOf(1) },
          },
        ],
      },
    });

    // A method named in words instead of the registry's: the method text and id (and what came with them) are shown changed.
    const kf = 'Karl Fischer titration (KF-99)';
    const remethoded = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 2,
      reason: 'moisture was run by Karl Fischer',
      results: moisture(dayOf(1), { method: kf }),
    });
    expect(remethoded.status).toBe(201);
    const [methodChange] = (remethoded.body as { diff: typeof redated.amendment.diff }).diff.groups[0].analytes;
    expect(methodChange.fields).toEqual(expect.arrayContaining(['method', 'methodId']));
    expect(methodChange.fields).not.toContain('value');
    expect(methodChange).toMatchObject({ before: { methodId: 'LT-M-MOIST-01' }, after: { method: kf, methodId: null, analysedDay: dayOf(1) } });
  });

  it('correcting another lab’s value keeps it that lab’s, and its unchanged neighbours their import; a re-test becomes the lab’s own', async () => {
    const SC_LABS = 'as reported on the COA of SC Laboratories California LLC';
    const s = await receivedSample(t, tech.token, licensee);
    const pdf = readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', 'sc-labs_Cherry_Punch.pdf'));
    const imported = await t.http().post('/v1/coa-imports').set(as(tech)).field('sampleId', s.id).attach('file', pdf, 'Cherry_Punch.pdf');
    expect(imported.status).toBe(201);
    const runId = (imported.body as { id: string }).id;
    const afterImport = await results(s.id, 1);
    const rest = completePanel().filter(
      (g) => !afterImport.groups.some((x) => x.group === g.group && x.analytes.length > 0) || g.group in afterImport.missingAnalytes,
    );
    expect((await putResults(t, tech.token, s.id, rest, 'groups the COA does not carry')).status).toBe(200);
    await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);
    const flags = (await t.http().get(`/v1/samples/${s.id}/results/qc-flags`).set(as(managerB)).expect(200)).body as Array<{
      id: string;
      resolvedAt: string | null;
    }>;
    for (const f of flags.filter((x) => !x.resolvedAt)) {
      await t
        .http()
        .post(`/v1/samples/${s.id}/results/qc-flags/${f.id}/resolve`)
        .set(as(managerB))
        .send({ resolution: 'Subcontracted COA reviewed against the chain of custody' })
        .expect(204);
    }
    const release = await t
      .http()
      .post(`/v1/samples/${s.id}/release`)
      .set(as(managerA))
      .send(await reviewedRelease(t, managerA, s.id));
    expect([release.status, (release.body as { message?: string }).message]).toEqual([200, undefined]);

    const v1 = await results(s.id, 1);
    const cannabinoids = v1.groups.find((g) => g.group === 'cannabinoids')!;
    const thca1 = cannabinoids.analytes.find((a) => a.analyte === 'thca')!;
    expect(thca1).toMatchObject({ sourceType: 'coa_import', sourceId: runId, method: SC_LABS, value: expect.any(String) });
    // The group re-sent as the view shows it, THCA's value corrected (mis-read from the PDF); no method named.
    const measured = cannabinoids.analytes.filter((a) => !a.computed);
    const resendWith = (rows: Record<string, object>, group: object = {}) => [
      {
        group: 'cannabinoids',
        ...group,
        analytes: measured.map((a) =>
          a.analyte in rows
            ? { analyte: a.analyte, unit: a.unit, ...rows[a.analyte] }
            : { analyte: a.analyte, unit: a.unit, ...(a.qualifier ? { qualifier: a.qualifier } : { value: a.value }) },
        ),
      },
    ];
    const resend = (thca: object) => resendWith({ thca });
    const corrected = await amendAndRelease(t, managerA, managerB, s.id, {
      amendsVersion: 1,
      reason: 'THCA mis-read from the SC Labs PDF',
      results: resend({ value: '31.40' }),
    });
    const rowsOf = (version: number) =>
      t.sql<{ analyte: string; source_type: string; source_id: string | null; entered_by: string | null; method: string | null; value: string | null }>(
        `SELECT analyte, source_type, source_id, entered_by, method, value FROM analyte_results
          WHERE sample_id = $1 AND version = $2 AND analyte_group = 'cannabinoids' AND NOT computed ORDER BY analyte`,
        [s.id, version],
      );
    const [before, after] = [await rowsOf(1), await rowsOf(2)];
    expect(after.filter((r) => r.analyte !== 'thca')).toEqual(before.filter((r) => r.analyte !== 'thca'));
    expect(after.find((r) => r.analyte === 'thca')).toEqual({
      analyte: 'thca',
      source_type: 'coa_import',
      source_id: runId,
      entered_by: managerA.id,
      method: SC_LABS,
      value: '31.40',
    });
    // Of the measured rows only THCA changed (Total THC, computed from it, moves with it), still SC's: a transcription correction.
    const SC = 'SC Laboratories California LLC';
    expect(corrected.amendment.diff.groups[0].analytes.filter((a) => a.change !== 'unchanged' && !a.computed)).toEqual([
      expect.objectContaining({
        analyte: 'thca',
        fields: ['value'],
        before: expect.objectContaining({ method: SC_LABS, reportedBy: SC }),
        after: expect.objectContaining({ method: SC_LABS, reportedBy: SC }),
      }),
    ]);
    const trail = (await t.http().get(`/v1/samples/${s.id}/audit`).set(as(tech)).expect(200)).body as AuditEntry[];
    expect(trail.find((e) => e.action === 'coa.amended')).toMatchObject({
      after: {
        analytes: expect.arrayContaining([
          expect.objectContaining({
            analyte: 'thca',
            before: expect.objectContaining({ reportedBy: SC }),
            after: expect.objectContaining({ value: '31.40', reportedBy: SC }),
          }),
        ]),
      },
    });

    // A method without a date of its own would make SC's 2021 measurement this lab's: refused on the row.
    const thcaAt = measured.findIndex((a) => a.analyte === 'thca');
    const hplc = 'HPLC-DAD, LabTrace re-test of the retained sample';
    const undated = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 2,
      reason: 'THCA re-tested in house',
      results: resend({ value: '29.80', method: hplc }),
    });
    expect([undated.status, undated.body]).toEqual([
      400,
      expect.objectContaining({
        error: 'INVALID_RESULTS',
        details: [
          {
            field: `results[0].analytes[${thcaAt}].analysedAt`,
            message: `reported by ${SC}: a re-test needs its own method and analysis date; a transcription correction names no method`,
          },
        ],
      }),
    ]);
    // Method text claiming another lab's report, on a row that would not stay SC's: refused on the method.
    const claimed = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 2,
      reason: 'THCA as Kaycha reported it',
      results: resend({ value: '29.80', method: 'AS REPORTED  on the COA of Kaycha Labs' }),
    });
    expect([claimed.status, (claimed.body as { details?: Array<{ field: string }> }).details?.map((d) => d.field)]).toEqual([
      400,
      [`results[0].analytes[${thcaAt}].method`],
    ]);

    // The group's method and date re-test only the row whose value changes; SC's rows re-sent as they are keep their import.
    const other = measured.find((a) => a.analyte !== 'thca' && a.value !== null)!;
    const retestedAt = new Date().toISOString();
    const grouped = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 2,
      reason: `${other.name} re-tested in house by the cannabinoid method`,
      results: resendWith(
        { thca: { value: '31.40' }, [other.analyte]: { value: '0.777' } },
        { methodId: BUILT_IN_METHODS.cannabinoids, analysedAt: retestedAt },
      ),
    });
    expect([grouped.status, (grouped.body as { message?: string }).message]).toEqual([201, undefined]);
    const [v2Rows, v3Rows] = [await rowsOf(2), await rowsOf(3)];
    expect(v3Rows.filter((r) => r.analyte !== other.analyte)).toEqual(v2Rows.filter((r) => r.analyte !== other.analyte));
    expect(v3Rows.find((r) => r.analyte === other.analyte)).toMatchObject({ source_type: 'amendment', source_id: null, value: '0.777' });
    const [{ analysed_at: otherAt }] = await t.sql<{ analysed_at: Date }>(
      `SELECT analysed_at FROM analyte_results WHERE sample_id = $1 AND version = 3 AND analyte = $2`,
      [s.id, other.analyte],
    );
    expect(otherAt.toISOString()).toBe(retestedAt);
    const groupedChanges = (grouped.body as AmendmentDto).diff.groups[0].analytes.filter((a) => a.change !== 'unchanged' && !a.computed);
    expect(groupedChanges.map((a) => [a.analyte, a.fields.includes('reportedBy'), a.after?.reportedBy])).toEqual([[other.analyte, true, null]]);
    await t
      .http()
      .post(`/v1/samples/${s.id}/amendments/${(grouped.body as AmendmentDto).id}/withdraw`)
      .set(as(managerA))
      .send({ reason: 'Requested again for THCA alone' })
      .expect(200);

    // THCA re-tested here, naming the lab's method and dating the run: the lab's row, no longer the other lab's report.
    const retested = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 2,
      reason: 'THCA re-tested in house',
      results: resend({ value: '29.80', method: hplc, analysedAt: retestedAt }),
    });
    expect(retested.status).toBe(201);
    expect((await rowsOf(3)).find((r) => r.analyte === 'thca')).toEqual({
      analyte: 'thca',
      source_type: 'amendment',
      source_id: null,
      entered_by: managerA.id,
      method: hplc,
      value: '29.80',
    });
    const [thcaChange] = (retested.body as { diff: typeof corrected.amendment.diff }).diff.groups[0].analytes.filter(
      (a) => a.change !== 'unchanged' && !a.computed,
    );
    expect(thcaChange).toMatchObject({
      analyte: 'thca',
      fields: expect.arrayContaining(['value', 'method', 'analysedDay', 'reportedBy']),
      before: { method: SC_LABS, reportedBy: SC },
      after: { method: hplc, reportedBy: null },
    });
  });
});
