import { createHash } from 'node:crypto';
import type { AuditEntry } from '../src/audit/audit.service';
import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import type { CoaVersionView, ReleaseAnswerDto } from '../src/certificates/dto/release.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { LicenseeSampleDto } from '../src/licensee-api/licensee-sample.dto';
import { metalsWithLead, releaseAmendment, requestAmendment } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { AMENDMENT_SIGNATURE, eventually, releasedSample, reviewedRelease, submissionsOf } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type SimResults = {
  data: Array<{ sampleId: string; version: number; overall: string; amendReason?: string | null }>;
  postsByInventoryId: Record<string, number>;
  amendsByInventoryId: Record<string, number>;
};
const codeOf = (res: { body: unknown }) => (res.body as ErrorBody).error;
const messageOf = (res: { body: unknown }) => (res.body as ErrorBody).message;
const REASON = 'Lead re-analysed after the ICP-MS check standard drifted';

describe('amendments need four eyes', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let managerC: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Hudson Valley Farms LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
    managerC = await t.userToken('manager');
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const get = (u: User, path: string) => t.http().get(path).set(as(u));
  const post = (u: User, path: string, body: object = {}) => t.http().post(path).set(as(u)).send(body);
  const sha256Of = async (path: string) => {
    const res = await get(tech, path).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    return createHash('sha256')
      .update(res.body as Buffer)
      .digest('hex');
  };
  const stateOf = async (lot: string) => (await t.sim!.control(`/_sim/results?inventoryId=${lot}`)) as SimResults;
  const delivered = (sampleId: string, n: number) =>
    eventually(
      async () => {
        const rows = await submissionsOf(t, sampleId);
        return rows.length === n && rows.every((r) => r.status === 'delivered');
      },
      30_000,
      `${n} deliveries of ${sampleId}`,
    );

  it('A requests, A cannot release, N stays in force everywhere, B releases: both versions kept, the state amended once', async () => {
    const s = await releasedSample(t, tech, managerB, licensee);
    const [lot] = s.inventoryIds;
    await delivered(s.id, 1);
    const v1 = ((await get(tech, `/v1/samples/${s.id}/coa/versions`).expect(200)).body as CoaVersionView[])[0];
    const poll = () => t.http().get(`/v1/licensee/samples/${s.sampleInventoryId}`).set('X-API-Key', licensee.apiKey);
    const tag = (await poll().expect(200)).headers.etag;

    // Manager A asks for version 2: Lead 0.12 → 0.62 µg/g, above the 0.5 limit.
    const requested = await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: `  ${REASON}  `, results: metalsWithLead('0.62') });
    expect(requested.status).toBe(201);
    const amendment = requested.body as AmendmentDto;
    expect(amendment).toMatchObject({
      sampleId: s.id,
      version: 2,
      supersedesVersion: 1,
      status: 'pending',
      reason: REASON,
      requestedBy: { id: managerA.id },
      decidedBy: null,
      diff: { fromVersion: 1, toVersion: 2, overall: { before: 'pass', after: 'fail' }, counts: { changed: 1, added: 0, removed: 0 } },
    });
    expect(amendment.diff.groups.map((g) => [g.group, g.before, g.after])).toEqual([['metals', 'pass', 'fail']]);
    const lead = amendment.diff.groups[0].analytes.find((a) => a.name === 'Lead')!;
    expect(lead).toMatchObject({
      change: 'changed',
      fields: ['value', 'status'],
      before: { value: '0.12', qualifier: null, unit: 'µg/g', status: 'pass' },
      after: { value: '0.62', qualifier: null, unit: 'µg/g', status: 'fail' },
    });
    expect(amendment.diff.groups[0].analytes.filter((a) => a.change === 'unchanged').map((a) => a.name)).toEqual(
      expect.arrayContaining(['Arsenic', 'Cadmium']),
    );
    expect((await get(tech, `/v1/samples/${s.id}/amendments`).expect(200)).body).toEqual([amendment]);
    expect((await get(tech, `/v1/samples/${s.id}/amendments/${amendment.id}`).expect(200)).body).toEqual(amendment);

    // A cannot release their own amendment, and nobody can open a second one or amend version 1 again.
    const self = await releaseAmendment(t, managerA, s.id, amendment.id);
    expect(self.status).toBe(403);
    expect(codeOf(self)).toBe('AMENDMENT_FOUR_EYES');
    expect(messageOf(self)).toMatch(/another manager must release/);
    const second = await requestAmendment(t, managerB, s.id, { amendsVersion: 1, reason: 'Cadmium value transposed', results: metalsWithLead('0.13') });
    expect(second.status).toBe(409);
    expect(codeOf(second)).toBe('AMENDMENT_PENDING');

    // Until B releases, version 1 is the certificate in force: COA, versions, verify page, results, licensee, state.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sha256Of(`/v1/samples/${s.id}/coa`)).toBe(v1.sha256);
    expect(((await get(tech, `/v1/samples/${s.id}/coa/versions`).expect(200)).body as CoaVersionView[]).map((v) => v.version)).toEqual([1]);
    expect(codeOf(await get(tech, `/v1/samples/${s.id}/coa?version=2`))).toBe('COA_NOT_FOUND');
    const verifyV1 = await t.http().get(v1.verifyPath).set('Accept', 'application/json').expect(200);
    expect(verifyV1.body).toMatchObject({ version: 1, current: true, supersededBy: null, overall: 'pass' });
    expect((await get(tech, `/v1/samples/${s.id}/results`).expect(200)).body).toMatchObject({ version: 1, released: true, status: 'pass' });
    expect((await get(tech, `/v1/samples/${s.id}/results?version=2`).expect(200)).body).toMatchObject({ version: 2, released: false, status: 'fail' });
    expect((await get(tech, `/v1/samples/${s.id}`).expect(200)).body).toMatchObject({ status: 'released', coaVersion: 1, resultStatus: 'pass' });
    const unchanged = await poll().set('If-None-Match', tag);
    expect(unchanged.status).toBe(304);
    expect((await submissionsOf(t, s.id)).map((r) => [r.kind, r.coa_version])).toEqual([['report', 1]]);
    const before = await stateOf(lot);
    expect(before.data).toEqual([expect.objectContaining({ version: 1, overall: 'pass' })]);
    expect(before.amendsByInventoryId[lot] ?? 0).toBe(0);

    // Manager B, who entered none of its results, releases it.
    const released = await releaseAmendment(t, managerB, s.id, amendment.id);
    expect(released.status).toBe(200);
    const v2 = released.body as ReleaseAnswerDto;
    expect(v2).toMatchObject({ version: 2, overall: 'fail' });
    expect(v2.sha256).not.toBe(v1.sha256);
    expect(codeOf(await releaseAmendment(t, managerB, s.id, amendment.id))).toBe('AMENDMENT_DECIDED');
    expect((await get(tech, `/v1/samples/${s.id}/amendments/${amendment.id}`).expect(200)).body).toMatchObject({
      status: 'released',
      decidedBy: { id: managerB.id },
      decidedAt: expect.any(String),
    });

    // Both versions stay retrievable; version 1's verify page says superseded.
    const versions = (await get(tech, `/v1/samples/${s.id}/coa/versions`).expect(200)).body as CoaVersionView[];
    expect(versions.map((v) => [v.version, v.overall, v.amendmentReason])).toEqual([
      [1, 'pass', null],
      [2, 'fail', REASON],
    ]);
    expect(await sha256Of(`/v1/samples/${s.id}/coa?version=1`)).toBe(v1.sha256);
    expect(await sha256Of(`/v1/samples/${s.id}/coa?version=2`)).toBe(v2.sha256);
    expect(await sha256Of(`/v1/samples/${s.id}/coa`)).toBe(v2.sha256);
    expect((await t.http().get(v1.verifyPath).set('Accept', 'application/json').expect(200)).body).toMatchObject({
      current: false,
      supersededBy: { version: 2 },
    });
    expect((await get(tech, `/v1/samples/${s.id}/results?version=1`).expect(200)).body).toMatchObject({ version: 1, released: true, status: 'pass' });
    expect((await get(tech, `/v1/samples/${s.id}/results`).expect(200)).body).toMatchObject({
      version: 2,
      released: true,
      status: 'fail',
      failedGroups: ['metals'],
    });
    await expect(t.sql(`UPDATE analyte_results SET value = 0.12 WHERE sample_id = $1 AND version = 2 AND analyte = 'lead'`, [s.id])).rejects.toThrow(/frozen/);
    const changed = await poll().set('If-None-Match', tag).expect(200);
    expect(changed.body).toMatchObject({ coaVersion: 2, overall: 'fail' });
    expect((changed.body as LicenseeSampleDto).categories).toContainEqual({ group: 'metals', status: 'fail' });

    // The state gets the amendment exactly once.
    await delivered(s.id, 2);
    expect((await submissionsOf(t, s.id)).map((r) => [r.kind, r.coa_version])).toEqual([
      ['report', 1],
      ['amend', 2],
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    const after = await stateOf(lot);
    expect(after.postsByInventoryId[lot]).toBe(1);
    expect(after.amendsByInventoryId[lot]).toBe(1);
    expect(after.data).toEqual([expect.objectContaining({ version: 2, overall: 'fail', amendReason: REASON })]);

    // Version 1 is no longer the latest: amending it is refused.
    const stale = await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: 'Lead back to the first value', results: metalsWithLead('0.12') });
    expect(stale.status).toBe(409);
    expect(codeOf(stale)).toBe('AMENDMENT_NOT_LATEST');

    // The audit trail names both managers.
    const audit = (await get(tech, `/v1/samples/${s.id}/audit`).expect(200)).body as AuditEntry[];
    const requestedEvent = audit.find((e) => e.action === 'coa.amendment_requested')!;
    expect(requestedEvent).toMatchObject({ reason: REASON, before: { version: 1 }, after: { version: 2, amendmentId: amendment.id } });
    expect(requestedEvent.actor.id).toBe(managerA.id);
    const amendedEvent = audit[audit.length - 1];
    expect(amendedEvent).toMatchObject({
      action: 'coa.amended',
      reason: REASON,
      before: { version: 1 },
      after: {
        version: 2,
        sha256: v2.sha256,
        overall: 'fail',
        requestedBy: { id: managerA.id },
        releasedBy: { id: managerB.id },
        analytes: [
          expect.objectContaining({
            group: 'metals',
            change: 'changed',
            before: expect.objectContaining({ value: '0.12' }),
            after: expect.objectContaining({ value: '0.62' }),
          }),
        ],
      },
    });
    expect(amendedEvent.actor.id).toBe(managerB.id);
  });

  it('a manager who entered any of the results cannot release the amendment either', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, managerC.token, s.id, passingFlowerPanel())).status).toBe(200);
    await post(managerC, `/v1/samples/${s.id}/submit`).expect(200);
    await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id)).expect(200);
    const amendment = (await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.31') }).expect(201))
      .body as AmendmentDto;
    const contributor = await releaseAmendment(t, managerC, s.id, amendment.id);
    expect(contributor.status).toBe(403);
    expect(codeOf(contributor)).toBe('AMENDMENT_FOUR_EYES');
    expect(messageOf(contributor)).toMatch(/wrote to the results of version 2 /);
    // The signed, refused attempt is audited though nothing else of it is kept.
    const [refusal] = await t.sql<{ actor_id: string; after: unknown }>(
      `SELECT actor_id, after FROM audit_events WHERE entity_id = $1 AND action = 'amendment.refused'`,
      [s.id],
    );
    expect(refusal).toEqual({
      actor_id: managerC.id,
      after: {
        code: 'AMENDMENT_FOUR_EYES',
        decision: 'release',
        amendmentId: amendment.id,
        version: 2,
        requester: false,
        acts: [expect.objectContaining({ act: 'entered' })],
        signature: { act: 'amendment', meaning: 'Reviewed and approved the amendment', verified: true },
      },
    });
    expect((await releaseAmendment(t, managerB, s.id, amendment.id)).body).toMatchObject({ version: 2, overall: 'pass' });
  });

  it('withdrawn by its author or rejected by a reviewer: nothing issued, the pending rows gone, audited', async () => {
    const s = await releasedSample(t, tech, managerB, licensee);
    const pendingRows = async () =>
      (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND version = 2`, [s.id]))[0].n;
    const first = (await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.62') }).expect(201))
      .body as AmendmentDto;
    expect(await pendingRows()).toBeGreaterThan(0);
    const path = `/v1/samples/${s.id}/amendments/${first.id}`;

    const notAuthor = await post(managerB, `${path}/withdraw`, { reason: 'Not mine to withdraw' });
    expect(notAuthor.status).toBe(403);
    expect(codeOf(notAuthor)).toBe('AMENDMENT_NOT_AUTHOR');
    const selfReject = await post(managerA, `${path}/reject`, { reason: 'Rejecting my own' });
    expect(selfReject.status).toBe(403);
    expect(codeOf(selfReject)).toBe('AMENDMENT_FOUR_EYES');
    expect((await post(managerA, `${path}/withdraw`, { reason: '   ' })).status).toBe(400);

    const withdrawn = await post(managerA, `${path}/withdraw`, { reason: 'Wrong sample: the re-run was of LT-0002' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', decidedBy: { id: managerA.id }, decisionReason: 'Wrong sample: the re-run was of LT-0002' });
    expect(await pendingRows()).toBe(0);
    expect(codeOf(await releaseAmendment(t, managerB, s.id, first.id))).toBe('AMENDMENT_DECIDED');

    // A new request takes version 2 again; a reviewer rejects it, saying why.
    const second = (await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.45') }).expect(201))
      .body as AmendmentDto;
    expect(second).toMatchObject({ version: 2, status: 'pending' });
    expect((await post(managerB, `/v1/samples/${s.id}/amendments/${second.id}/reject`, {})).status).toBe(400);
    const rejected = await post(managerB, `/v1/samples/${s.id}/amendments/${second.id}/reject`, { reason: 'The re-run has no QC batch attached' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: { id: managerB.id }, decisionReason: 'The re-run has no QC batch attached' });
    expect(await pendingRows()).toBe(0);

    expect(((await get(tech, `/v1/samples/${s.id}/amendments`).expect(200)).body as AmendmentDto[]).map((a) => a.status)).toEqual(['withdrawn', 'rejected']);
    expect(((await get(tech, `/v1/samples/${s.id}/coa/versions`).expect(200)).body as CoaVersionView[]).map((v) => v.version)).toEqual([1]);
    expect((await submissionsOf(t, s.id)).map((r) => r.kind)).toEqual(['report']);
    expect((await get(tech, `/v1/samples/${s.id}`).expect(200)).body).toMatchObject({ coaVersion: 1, resultStatus: 'pass' });
    const actions = ((await get(tech, `/v1/samples/${s.id}/audit`).expect(200)).body as AuditEntry[]).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('coa.amend'))).toEqual([
      'coa.amendment_requested',
      'coa.amendment_withdrawn',
      'coa.amendment_requested',
      'coa.amendment_rejected',
    ]);
    // The database keeps decided amendments as they are.
    await expect(t.sql(`UPDATE coa_amendments SET reason = 'rewritten after the fact' WHERE id = $1`, [first.id])).rejects.toThrow(/only a pending/);
  });

  it('a release that fails after rendering leaves the amendment pending, version 1 in force, nothing frozen or reported', async () => {
    const s = await releasedSample(t, tech, managerB, licensee);
    const amendment = (await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.62') }).expect(201))
      .body as AmendmentDto;
    await t.sql(`CREATE FUNCTION fail_amend_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected outbox failure'; END $$`);
    await t.sql(`CREATE TRIGGER fail_amend_outbox BEFORE INSERT ON biotrack_submissions FOR EACH ROW EXECUTE FUNCTION fail_amend_outbox()`);
    try {
      expect((await releaseAmendment(t, managerB, s.id, amendment.id)).status).toBe(500);
    } finally {
      await t.sql(`DROP TRIGGER fail_amend_outbox ON biotrack_submissions`);
      await t.sql(`DROP FUNCTION fail_amend_outbox()`);
    }
    expect(await t.sql(`SELECT status, coa_version FROM samples WHERE id = $1`, [s.id])).toEqual([{ status: 'released', coa_version: 1 }]);
    expect(await t.sql(`SELECT status FROM coa_amendments WHERE id = $1`, [amendment.id])).toEqual([{ status: 'pending' }]);
    expect(await t.sql(`SELECT version FROM coa_documents WHERE sample_id = $1`, [s.id])).toEqual([{ version: 1 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND version = 2 AND frozen`, [s.id])).toEqual([{ n: 0 }]);
    expect((await releaseAmendment(t, managerB, s.id, amendment.id)).body).toMatchObject({ version: 2, overall: 'fail' });
  });

  it('refuses bad requests: no reason, no version, an unreleased sample, no change, malformed or unknown ids', async () => {
    const s = await releasedSample(t, tech, managerB, licensee);
    const noReason = await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: '          ', results: metalsWithLead('0.62') });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/reason/);
    const longReason = await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: 'x'.repeat(1001), results: metalsWithLead('0.62') });
    expect(longReason.status).toBe(400);
    const noVersion = await post(managerA, `/v1/samples/${s.id}/amendments`, { reason: REASON, results: metalsWithLead('0.62') });
    expect(noVersion.status).toBe(400);
    expect(JSON.stringify(noVersion.body)).toMatch(/amendsVersion/);
    expect((await requestAmendment(t, tech, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.62') })).status).toBe(403);
    const same = await requestAmendment(t, managerA, s.id, { amendsVersion: 1, reason: REASON, results: metalsWithLead('0.12') });
    expect(same.status).toBe(409);
    expect(codeOf(same)).toBe('AMENDMENT_NO_CHANGE');
    const future = await requestAmendment(t, managerA, s.id, { amendsVersion: 2, reason: REASON, results: metalsWithLead('0.62') });
    expect(codeOf(future)).toBe('AMENDMENT_NOT_LATEST');
    // A row the checks refuse is named by the body's own key, `results` (hand entry's key is `groups`).
    const negative = metalsWithLead('-0.1');
    const lead = negative[0].analytes.findIndex((a) => a.analyte === 'Lead');
    const invalid = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 1,
      reason: REASON,
      results: [{ group: 'terpenes', analytes: [] }, ...negative],
    });
    expect(invalid.status).toBe(400);
    expect(codeOf(invalid)).toBe('INVALID_RESULTS');
    expect((invalid.body as ErrorBody).details).toEqual([
      { field: `results[1].analytes[${lead}].value`, message: expect.stringMatching(/must not be negative/) },
    ]);

    const open = await receivedSample(t, tech.token, licensee);
    const notReleased = await requestAmendment(t, managerA, open.id, {
      amendsVersion: 1,
      reason: 'typo in the moisture value',
      results: metalsWithLead('0.62'),
    });
    expect(notReleased.status).toBe(409);
    expect(messageOf(notReleased)).toMatch(/is received; it cannot be amended/);

    const malformed = await post(managerB, `/v1/samples/${s.id}/amendments/not-a-uuid/release`, AMENDMENT_SIGNATURE);
    expect(malformed.status).toBe(400);
    expect((malformed.body as { details: unknown }).details).toEqual([{ field: 'amendmentId', message: 'amendmentId must be a UUID' }]);
    expect((await get(tech, `/v1/samples/not-a-uuid/amendments`)).status).toBe(400);
    const unknown = await releaseAmendment(t, managerB, s.id, '6f1c2b1e-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(codeOf(unknown)).toBe('AMENDMENT_NOT_FOUND');
    // The old one-step route is gone: an amendment cannot skip the second manager.
    expect((await post(managerA, `/v1/samples/${s.id}/amend`, { reason: REASON, results: metalsWithLead('0.62') })).status).toBe(404);
  });
});
