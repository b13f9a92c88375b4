import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../src/results/dto/results-response.dto';
import { metalsWithLead, releaseAmendment, requestAmendment } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { enterCompletePanel } from './support/panels';
import { RELEASE_SIGNATURE, reviewedRelease } from './support/release';
import { BUILT_IN_METHODS, passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

const DIGEST_MESSAGE = 'resultsDigest must be the resultsDigest of the results you reviewed, as GET /v1/samples/:id/results gave it (64 hex digits)';

/** The flower's cannabinoids with THCA as given (total THC = Δ9-THC + 0.877 × THCA). */
function cannabinoidsWithThca(thca: string) {
  const group = passingFlowerPanel().find((g) => g.group === 'cannabinoids')!;
  return group.analytes.map((a) => (a.analyte === 'THCA' ? { ...a, value: thca } : a));
}

/**
 * A release signature applies to the results the manager reviewed, not to whatever is stored when it
 * runs: GET /results carries a digest of exactly what a release would sign, the release must send it back,
 * and a release whose digest no longer matches (checked under the sample's lock) releases nothing.
 */
describe('release signs the results the manager reviewed', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let manager2: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Catskill Craft Cannabis LLC' });
    ({ technician: tech, manager, secondManager: manager2, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body?: object) => t.http().post(path).set(as(u)).send(body);
  const resultsOf = async (u: User, id: string) => (await t.http().get(`/v1/samples/${id}/results`).set(as(u)).expect(200)).body as SampleResultsDto;
  const auditTrail = () => t.sql<{ id: string; action: string; entity_id: string }>(`SELECT id, action, entity_id FROM audit_events ORDER BY id`);
  const nothingReleased = async (id: string) => {
    expect((await t.sql(`SELECT status, coa_version FROM samples WHERE id = $1`, [id]))[0]).toEqual({ status: 'submitted', coa_version: null });
    expect(await t.sql(`SELECT 1 FROM coa_documents WHERE sample_id = $1`, [id])).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM biotrack_submissions WHERE sample_id = $1`, [id])).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM electronic_signatures WHERE sample_id = $1`, [id])).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND frozen`, [id])).toEqual([{ n: 0 }]);
  };

  async function submitted(cannabinoids = cannabinoidsWithThca('70.1')) {
    const s = await receivedSample(t, tech.token, licensee);
    await enterCompletePanel(t, tech.token, s.id, { cannabinoids });
    await post(tech, `/v1/samples/${s.id}/submit`).expect(200);
    return s;
  }

  it('refuses (409 RESULTS_CHANGED) a release of results changed after the manager reviewed them: nothing released, the audit trail unchanged', async () => {
    const s = await submitted();
    // The manager reviews the results...
    const reviewed = await resultsOf(manager, s.id);
    expect(reviewed.resultsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect((await resultsOf(manager, s.id)).resultsDigest).toBe(reviewed.resultsDigest);

    // ...meanwhile a second manager reopens the sample, and the technician raises THCA and resubmits.
    await post(manager2, `/v1/samples/${s.id}/reopen`, { reason: 'THCA re-injection requested' }).expect(204);
    expect(
      (
        await putResults(
          t,
          tech.token,
          s.id,
          [{ group: 'cannabinoids', methodId: BUILT_IN_METHODS.cannabinoids, analytes: cannabinoidsWithThca('85.3') }],
          'THCA re-injected',
        )
      ).status,
    ).toBe(200);
    await post(tech, `/v1/samples/${s.id}/submit`).expect(200);
    const current = await resultsOf(manager, s.id);
    expect(current.totals!.totalThc).not.toBe(reviewed.totals!.totalThc);
    expect(current.resultsDigest).not.toBe(reviewed.resultsDigest);

    // The manager signs what he reviewed: refused, nothing released, nothing audited.
    const before = await auditTrail();
    const stale = await post(manager, `/v1/samples/${s.id}/release`, { ...RELEASE_SIGNATURE, resultsDigest: reviewed.resultsDigest });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: 'RESULTS_CHANGED',
      message: `The results of ${s.labCode} changed after you loaded them; nothing was released. Review the results as they are now and sign again.`,
      details: [{ field: 'resultsDigest', message: 'resultsDigest is not the digest of the results as they are now' }],
    });
    expect(JSON.stringify(stale.body)).not.toContain(current.resultsDigest);
    await nothingReleased(s.id);
    expect(await auditTrail()).toEqual(before);

    // Having reviewed the current results, he signs those: released, with the values he saw.
    const released = await post(manager, `/v1/samples/${s.id}/release`, { ...RELEASE_SIGNATURE, resultsDigest: current.resultsDigest });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ version: 1, overall: 'pass' });
    const [audit] = await t.sql<{ after: { resultsDigest: string } }>(`SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'coa.released'`, [
      s.id,
    ]);
    expect(audit.after.resultsDigest).toBe(current.resultsDigest);
    const pdf = (await t.http().get(`/v1/samples/${s.id}/coa`).set(as(tech)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    const text = (await new PdfParseTextExtractor().extract(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain(current.totals!.totalThc!);
    expect(text).not.toContain(reviewed.totals!.totalThc!);
  });

  it('releases (200) with the digest of the results as they are, the one the submission answered too', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    await enterCompletePanel(t, tech.token, s.id);
    const submittedView = (await post(tech, `/v1/samples/${s.id}/submit`).expect(200)).body as SampleResultsDto;
    const body = await reviewedRelease(t, manager, s.id);
    expect(body.resultsDigest).toBe(submittedView.resultsDigest);
    expect((await post(manager, `/v1/samples/${s.id}/release`, body)).status).toBe(200);
  });

  it('refuses a release without the digest, or with one that is not a digest, with a 400 naming the field', async () => {
    const s = await submitted();
    const before = await auditTrail();
    const missing = await post(manager, `/v1/samples/${s.id}/release`, RELEASE_SIGNATURE);
    expect(missing.status).toBe(400);
    expect((missing.body as ErrorBody).details).toEqual([{ field: 'resultsDigest', message: DIGEST_MESSAGE }]);
    const malformed = await post(manager, `/v1/samples/${s.id}/release`, { ...RELEASE_SIGNATURE, resultsDigest: 'total THC 62.0 %' });
    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorBody).details).toEqual([{ field: 'resultsDigest', message: DIGEST_MESSAGE }]);
    await nothingReleased(s.id);
    expect(await auditTrail()).toEqual(before);
  });

  it('an amendment cannot change once proposed: no results or marks while pending, so its id names what the approver reviewed', async () => {
    const s = await submitted();
    await post(manager, `/v1/samples/${s.id}/release`, await reviewedRelease(t, manager, s.id)).expect(200);
    const requested = await requestAmendment(t, manager2, s.id, {
      amendsVersion: 1,
      reason: 'Lead re-run after the ICP-MS check drifted',
      results: metalsWithLead('0.21'),
    });
    expect(requested.status).toBe(201);
    const amendment = requested.body as AmendmentDto;
    const viewOf2 = async () => (await t.http().get(`/v1/samples/${s.id}/results?version=2`).set(as(manager)).expect(200)).body as SampleResultsDto;
    const reviewed = await viewOf2();
    expect(reviewed).toMatchObject({ version: 2, released: false });

    expect((await putResults(t, tech.token, s.id, [{ group: 'metals', analytes: metalsWithLead('0.45')[0].analytes }])).status).toBe(409);
    expect((await post(manager2, `/v1/samples/${s.id}/not-tested`, { analytes: ['Lead'], reason: 'not run' })).status).toBe(409);
    await expect(t.sql(`UPDATE coa_amendments SET reason = 'something else entirely' WHERE id = $1`, [amendment.id])).rejects.toThrow(
      /only a pending amendment/,
    );
    expect((await viewOf2()).resultsDigest).toBe(reviewed.resultsDigest);

    expect((await releaseAmendment(t, manager, s.id, amendment.id)).status).toBe(200);
  });
});
