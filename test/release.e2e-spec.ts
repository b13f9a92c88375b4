import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../src/audit/audit.service';
import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import { CoaVersionView, ReleaseAnswerDto } from '../src/certificates/dto/release.dto';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { ImportSummary } from '../src/instruments/instrument-imports.service';
import type { ResultsService } from '../src/results/results.service';
import { SubmissionDto } from '../src/traceability/outbox/submission.dto';
import { binaryBody } from './support/binary-body';
import { MASSHUNTER_METHODS } from './support/instrument-files';
import { registerLicensee, receivedSample, LicenseeHandle } from './support/lab';
import { AMENDMENT_SIGNATURE, reviewedRelease } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type QcFlagView = Awaited<ReturnType<ResultsService['listQcFlags']>>[number];
const messageOf = (res: { body: unknown }) => (res.body as ErrorBody).message;

describe('review, release, COA, amendments, audit', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;
  const pdfText = async (pdf: Buffer) => (await new PdfParseTextExtractor().extract(pdf)).text;

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    managerA = await t.userToken('manager');
    managerB = await t.userToken('manager');
    const admin = await t.userToken('admin');
    licensee = await registerLicensee(t, admin.token, 'Hudson Valley Farms LLC');
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const getPdf = async (u: User, path: string) => {
    const res = await t.http().get(path).set(as(u)).buffer(true).parse(binaryBody);
    return { res, pdf: res.body as Buffer };
  };

  async function submittedSample(enteredBy: User = tech) {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, enteredBy.token, s.id, passingFlowerPanel())).status).toBe(200);
    expect((await post(enteredBy, `/v1/samples/${s.id}/submit`)).status).toBe(200);
    return s;
  }

  it('releases through a second pair of eyes into a COA carrying every required field', async () => {
    // The day's path: receive, enter the panel by hand, import the LC-MS/MS batch over it, submit, release.
    const s = await receivedSample(t, tech.token, licensee);
    // An import merges into its groups, so the hand-entered pesticides the file does not carry stay.
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    // The batch's undiluted sample (Myclobutanil 0.0456 µg/g): the first, diluted tenfold, has a reportable LOQ of
    // 0.5 µg/g once its method is named, above the 0.20 limit, so its 0.1234 could not demonstrate compliance.
    let batch = readFileSync(join(__dirname, 'fixtures', 'instrument-exports', 'agilent-masshunter-quant-cannabis.csv'), 'utf8')
      .split('LT-2611-000125')
      .join(s.labCode);
    batch = batch.replace(/^!,!, ?LT-2611-00012[34].*\r?\n/gm, '');
    // Naming the method of each group the file carries: a vendor export states none, nor an ND's LOD.
    const imported = await t
      .http()
      .post('/v1/instrument-imports')
      .set(as(tech))
      .field('methods', MASSHUNTER_METHODS)
      // It changes hand-entered results: as hand entry, only with a reason.
      .field('reason', 'the LC-MS/MS batch replaces the bench entry')
      .attach('file', Buffer.from(batch), 'lcms-batch.csv');
    expect(imported.status).toBe(201);
    expect((imported.body as ImportSummary).matched).toEqual([expect.objectContaining({ sampleId: s.id })]);
    await post(tech, `/v1/samples/${s.id}/submit`).expect(200);
    const blocked = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
    expect(blocked.status).toBe(403);
    expect(messageOf(blocked)).toMatch(/unresolved QC flag/);
    const flags = await t.http().get(`/v1/samples/${s.id}/results/qc-flags`).set(as(managerB)).expect(200);
    for (const f of flags.body as QcFlagView[]) {
      await post(managerB, `/v1/samples/${s.id}/results/qc-flags/${f.id}/resolve`, {
        resolution: 'Method blank re-injected clean; carry-over confirmed',
      }).expect(204);
    }
    const released = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ version: 1, overall: 'pass', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const { res, pdf } = await getPdf(tech, `/v1/samples/${s.id}/coa`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe((released.body as ReleaseAnswerDto).sha256);

    if (process.env.COA_PREVIEW) writeFileSync(process.env.COA_PREVIEW, pdf);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    const lab = t.config.lab;
    for (const expected of [
      lab.name,
      lab.ocmPermitId,
      lab.isoAccreditationId,
      lab.phone,
      'Hudson Valley Farms LLC',
      licensee.licenseNumber,
      s.labCode,
      s.sampleInventoryId,
      ...s.inventoryIds,
      'Certificate of Analysis',
      'PASS',
      'Heavy metals',
      'Pesticides',
      'Myclobutanil',
      '0.0456',
      'Microbials',
      'Water activity',
      'Total THC',
      '21.96',
      'ny-ocm-2025-draft',
      managerB.email.split('@')[0],
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Page 1 of \d/);

    const detail = await t.http().get(`/v1/samples/${s.id}`).set(as(tech)).expect(200);
    expect(detail.body).toMatchObject({ status: 'released', resultStatus: 'pass' });
    const [submission]: Array<{ payload: { report: object } }> = await t.sql(
      `SELECT kind, status, coa_version, idempotency_key, payload FROM biotrack_submissions WHERE sample_id = $1`,
      [s.id],
    );
    expect(submission).toMatchObject({ kind: 'report', coa_version: 1, idempotency_key: `${s.labCode}-v1` });
    expect(submission.payload.report).toMatchObject({ sampleId: s.sampleInventoryId, overall: 'pass' });
    const results = await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech)).expect(200);
    expect(results.body).toMatchObject({ released: true, version: 1 });
  });

  it('refuses self-release with 403 and a reason, and lets another manager release', async () => {
    const s = await submittedSample(managerA);
    const self = await post(managerA, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerA, s.id));
    expect(self.status).toBe(403);
    expect(messageOf(self)).toMatch(/another manager must review/);
    expect((await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id))).status).toBe(200);
  });

  it('refuses to submit or release an incomplete sample, and an open QC flag blocks release', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await putResults(
      t,
      tech.token,
      s.id,
      passingFlowerPanel().filter((g) => g.group !== 'mycotoxins'),
    );
    const submit = await post(tech, `/v1/samples/${s.id}/submit`);
    expect(submit.status).toBe(409);
    expect(messageOf(submit)).toMatch(/no results for mycotoxins/);
    await t.sql(`UPDATE samples SET status = 'submitted' WHERE id = $1`, [s.id]);
    const release = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
    expect(release.status).toBe(403);
    expect(messageOf(release)).toMatch(/incomplete/);

    const q = await submittedSample();
    await t.sql(
      `INSERT INTO qc_flags (sample_id, analyte_group, analyte, kind, message) VALUES ($1, 'pesticides', 'abamectin', 'spike_recovery', 'spike recovery 142 % outside 70–130 %')`,
      [q.id],
    );
    const blocked = await post(managerB, `/v1/samples/${q.id}/release`, await reviewedRelease(t, managerB, q.id));
    expect(blocked.status).toBe(403);
    expect(messageOf(blocked)).toMatch(/unresolved QC flag.*spike recovery/);
  });

  it('a release that fails after rendering leaves the sample submitted, with no COA and no outbox row', async () => {
    const s = await submittedSample();
    await t.sql(`CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected outbox failure'; END $$`);
    await t.sql(`CREATE TRIGGER fail_outbox BEFORE INSERT ON biotrack_submissions FOR EACH ROW EXECUTE FUNCTION fail_outbox()`);
    try {
      const res = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
      expect(res.status).toBe(500);
    } finally {
      await t.sql(`DROP TRIGGER fail_outbox ON biotrack_submissions`);
      await t.sql(`DROP FUNCTION fail_outbox()`);
    }
    const [sample] = await t.sql(`SELECT status, coa_version FROM samples WHERE id = $1`, [s.id]);
    expect(sample).toEqual({ status: 'submitted', coa_version: null });
    expect(await t.sql(`SELECT id FROM coa_documents WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await t.sql(`SELECT id FROM biotrack_submissions WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND frozen`, [s.id])).toEqual([{ n: 0 }]);
    expect((await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id))).status).toBe(200);
  });

  it('freezes released results in the database itself', async () => {
    const s = await submittedSample();
    await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id)).expect(200);
    await expect(t.sql(`UPDATE analyte_results SET value = 0.01 WHERE sample_id = $1 AND analyte = 'lead'`, [s.id])).rejects.toThrow(/released and frozen/);
    await expect(t.sql(`DELETE FROM analyte_results WHERE sample_id = $1`, [s.id])).rejects.toThrow(/released and frozen/);
    await expect(t.sql(`UPDATE coa_documents SET overall = 'fail' WHERE sample_id = $1`, [s.id])).rejects.toThrow();
    const edit = await putResults(t, tech.token, s.id, passingFlowerPanel());
    expect(edit.status).toBe(409);
  });

  it('amends into version 2, keeps version 1, and version 1’s verify page says superseded', async () => {
    const s = await submittedSample();
    const v1 = (await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id)).expect(200)).body as ReleaseAnswerDto;
    const metals = passingFlowerPanel().find((g) => g.group === 'metals')!;
    // Four eyes: manager A requests the amendment (pending), manager B releases it.
    const requested = await post(managerA, `/v1/samples/${s.id}/amendments`, {
      amendsVersion: 1,
      reason: 'Lead re-analysed after the ICP-MS check standard drifted',
      results: [{ group: 'metals', analytes: metals.analytes.map((a) => (a.analyte === 'Lead' ? { ...a, value: '0.62' } : a)) }],
    });
    expect(requested.status).toBe(201);
    const amended = await post(managerB, `/v1/samples/${s.id}/amendments/${(requested.body as AmendmentDto).id}/release`, AMENDMENT_SIGNATURE);
    expect(amended.status).toBe(200);
    const amendment = amended.body as ReleaseAnswerDto;
    expect(amendment).toMatchObject({ version: 2, overall: 'fail' });
    expect(amendment.sha256).not.toBe(v1.sha256);

    const first = await getPdf(tech, `/v1/samples/${s.id}/coa?version=1`);
    const second = await getPdf(tech, `/v1/samples/${s.id}/coa`);
    expect(createHash('sha256').update(first.pdf).digest('hex')).toBe(v1.sha256);
    expect(createHash('sha256').update(second.pdf).digest('hex')).toBe(amendment.sha256);
    const secondText = (await pdfText(second.pdf)).replace(/\s+/g, ' ');
    expect(secondText).toContain('Lead re-analysed after the ICP-MS check standard drifted');
    expect(secondText).toContain('FAIL');

    const versions = (await t.http().get(`/v1/samples/${s.id}/coa/versions`).set(as(tech)).expect(200)).body as CoaVersionView[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const oldPage = await t.http().get(versions[0].verifyPath);
    expect(oldPage.status).toBe(200);
    expect(oldPage.text).toContain('Superseded: version 2');
    expect(oldPage.text).toContain(v1.sha256);
    const current = await t.http().get(versions[1].verifyPath).set('Accept', 'application/json').expect(200);
    expect(current.body).toMatchObject({
      version: 2,
      current: true,
      overall: 'fail',
      sha256: amendment.sha256,
      amendmentReason: expect.stringMatching(/Lead re-analysed/),
    });
    expect((await t.http().get('/v1/coa/verify/not-a-real-token-at-all')).status).toBe(404);

    const results = await t.http().get(`/v1/samples/${s.id}/results`).set(as(tech)).expect(200);
    expect(results.body).toMatchObject({ version: 2, status: 'fail', failedGroups: ['metals'] });
    const old = await t.http().get(`/v1/samples/${s.id}/results?version=1`).set(as(tech)).expect(200);
    expect(old.body).toMatchObject({ version: 1, status: 'pass' });
    const submissions = await t.sql(`SELECT kind, coa_version FROM biotrack_submissions WHERE sample_id = $1 ORDER BY coa_version`, [s.id]);
    expect(submissions).toEqual([
      { kind: 'report', coa_version: 1 },
      { kind: 'amend', coa_version: 2 },
    ]);

    const audit = (await t.http().get(`/v1/samples/${s.id}/audit`).set(as(tech)).expect(200)).body as AuditEntry[];
    const actions = audit.map((e) => e.action);
    expect(actions.indexOf('results.entered')).toBeLessThan(actions.indexOf('sample.submitted'));
    expect(actions.indexOf('sample.submitted')).toBeLessThan(actions.indexOf('coa.released'));
    expect(actions[actions.length - 1]).toBe('coa.amended');
    const amendEvent = audit[audit.length - 1];
    expect(amendEvent).toMatchObject({
      reason: 'Lead re-analysed after the ICP-MS check standard drifted',
      before: { version: 1 },
      after: { version: 2, requestedBy: { id: managerA.id }, releasedBy: { id: managerB.id } },
    });
    expect(amendEvent.actor.id).toBe(managerB.id);
    expect(actions).toContain('coa.amendment_requested');
  });

  it('refuses an amendment without a reason and an amendment of an unreleased sample', async () => {
    const s = await submittedSample();
    const noReason = await post(managerB, `/v1/samples/${s.id}/amendments`, { amendsVersion: 1, reason: '', results: [] });
    expect(noReason.status).toBe(400);
    const notReleased = await post(managerB, `/v1/samples/${s.id}/amendments`, {
      amendsVersion: 1,
      reason: 'typo in the moisture value',
      results: [{ group: 'moisture', analytes: [{ analyte: 'Moisture', value: '11.0', unit: '%' }] }],
    });
    expect(notReleased.status).toBe(409);
    expect(messageOf(notReleased)).toMatch(/is submitted/);
  });

  it('shows the 48-hour reporting clock: deadline, at-risk flag and the unreported gauges', async () => {
    const s = await submittedSample();
    await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id)).expect(200);
    // No worker runs in this file: the report stays pending. Pretend it was released 40 hours ago.
    await t.sql(`UPDATE biotrack_submissions SET released_at = now() - interval '40 hours', deadline_at = now() + interval '8 hours' WHERE sample_id = $1`, [
      s.id,
    ]);
    const list = await t.http().get('/v1/biotrack/submissions?status=pending').set(as(managerB)).expect(200);
    const row = (list.body as SubmissionDto[]).find((r) => r.sampleId === s.id);
    expect(row).toMatchObject({ status: 'pending', atRisk: true });
    expect(Date.parse(row!.deadlineAt) - Date.parse(row!.releasedAt)).toBe(48 * 3600_000);
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    const unreported = Number(/^labtrace_unreported_releases (\d+)/m.exec(metrics)![1]);
    const oldest = Number(/^labtrace_oldest_unreported_release_age_seconds ([\d.e+]+)/m.exec(metrics)![1]);
    expect(unreported).toBeGreaterThanOrEqual(1);
    expect(oldest).toBeGreaterThanOrEqual(40 * 3600);
  });
});
