import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import type { ReleaseAnswerDto } from '../src/certificates/dto/release.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { PdfParseTextExtractor } from '../src/instruments/coa-pdf/pdf-text';
import { metalsWithLead, requestAmendment } from './support/amendments';
import { binaryBody } from './support/binary-body';
import { LicenseeHandle, receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { AMENDMENT_SIGNATURE, RELEASE_SIGNATURE, reviewedRelease } from './support/release';
import { passingFlowerPanel, putResults } from './support/results';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

/** Printed as the lab's clock reads: "2026-12-02 01:05 EST". */
const LAB_TIME = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T`;

/**
 * Issue 22 (5): release and the second manager's approval of an amendment are electronically signed
 * (21 CFR Part 11-style): the signer's password again and a meaning from a fixed list. A wrong password
 * releases nothing and counts as a failed sign-in; the signature is stored, audited and printed on the COA.
 */
describe('electronic signatures at release and amendment', () => {
  let t: TestContext;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let admin: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    // Three wrong passwords lock an account here, so the lock is reached in a few requests.
    t = await createTestApp({ env: { LOGIN_ACCOUNT_LOCK_FAILURES: '3' } });
    const staff = await labStaff(t, { secondManager: true, licenseeName: 'Finger Lakes Cultivators LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, admin, licensee } = staff);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: User, path: string, body?: object) => t.http().post(path).set(as(u)).send(body);
  const nameOf = async (u: User) => (await t.sql<{ name: string }>(`SELECT display_name AS name FROM users WHERE id = $1`, [u.id]))[0].name;
  const statusOf = async (id: string) =>
    (await t.sql<{ status: string; coa_version: number | null }>(`SELECT status, coa_version FROM samples WHERE id = $1`, [id]))[0];
  const signaturesOf = (id: string) =>
    t.sql<{ coa_version: number; signer_id: string; signer_name: string; meaning: string; method: string; signed_at: Date; amendment_id: string | null }>(
      `SELECT coa_version, signer_id, signer_name, meaning, method, signed_at, amendment_id FROM electronic_signatures WHERE sample_id = $1 ORDER BY coa_version`,
      [id],
    );
  const auditOf = (id: string, action: string) =>
    t.sql<{ actor_id: string; after: Record<string, unknown> }>(`SELECT actor_id, after FROM audit_events WHERE entity_id = $1 AND action = $2 ORDER BY id`, [
      id,
      action,
    ]);
  const failuresOf = async (u: User) =>
    (await t.http().get(`/v1/users/${u.id}/sign-in-lock`).set(as(admin)).expect(200)).body as { failures: number; locked: boolean };
  const coaText = async (id: string, version: number) => {
    const res = await t.http().get(`/v1/samples/${id}/coa?version=${version}`).set(as(tech)).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    return (await new PdfParseTextExtractor().extract(res.body as Buffer)).text.replace(/\s+/g, ' ');
  };

  async function submitted(enteredBy: User = tech) {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, enteredBy.token, s.id, passingFlowerPanel())).status).toBe(200);
    expect((await post(enteredBy, `/v1/samples/${s.id}/submit`)).status).toBe(200);
    return s;
  }

  it('refuses a release without a signature (400) or with a meaning that is not the release’s (400), releasing nothing', async () => {
    const s = await submitted();
    const bare = await post(managerB, `/v1/samples/${s.id}/release`);
    expect(bare.status).toBe(400);
    expect((bare.body as ErrorBody).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'signature', message: expect.stringMatching(/^signature is required: re-enter your password/) }),
      ]),
    );
    const noPassword = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id, { meaning: 'Reviewed and released' }));
    expect(noPassword.status).toBe(400);
    expect((noPassword.body as ErrorBody).details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'signature.password' })]));
    const amendmentMeaning = await post(
      managerB,
      `/v1/samples/${s.id}/release`,
      await reviewedRelease(t, managerB, s.id, { password: TEST_PASSWORD, meaning: 'Reviewed and approved the amendment' }),
    );
    expect(amendmentMeaning.status).toBe(400);
    expect((amendmentMeaning.body as ErrorBody).details).toEqual([
      { field: 'signature.meaning', message: 'signature.meaning must be one of: Reviewed and released' },
    ]);
    expect(await statusOf(s.id)).toEqual({ status: 'submitted', coa_version: null });
    expect(await signaturesOf(s.id)).toEqual([]);
    expect((await failuresOf(managerB)).failures).toBe(0);
  });

  it('refuses a wrong password with 403 SIGNATURE_REFUSED: nothing released, the refusal audited, the failure counted like a sign-in', async () => {
    const s = await submitted();
    const wrong = await post(
      managerB,
      `/v1/samples/${s.id}/release`,
      await reviewedRelease(t, managerB, s.id, { password: 'not-my-password', meaning: 'Reviewed and released' }),
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({
      error: 'SIGNATURE_REFUSED',
      message: 'The password is incorrect: the release was not signed and nothing was released. Enter the password you sign in with.',
      details: [{ field: 'signature.password', message: 'The password is incorrect' }],
    });
    expect(await statusOf(s.id)).toEqual({ status: 'submitted', coa_version: null });
    expect(await t.sql(`SELECT 1 FROM coa_documents WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM biotrack_submissions WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await signaturesOf(s.id)).toEqual([]);
    expect(await auditOf(s.id, 'coa.released')).toEqual([]);
    const refused = await auditOf(s.id, 'signature.refused');
    expect(refused).toEqual([{ actor_id: managerB.id, after: { act: 'release', meaning: 'Reviewed and released' } }]);
    expect(JSON.stringify(refused)).not.toContain('not-my-password');
    expect(await failuresOf(managerB)).toMatchObject({ failures: 1, locked: false });

    // The same manager, with the right password, releases; the answer carries the signature.
    const released = await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id));
    expect(released.status).toBe(200);
    const answer = released.body as ReleaseAnswerDto;
    const name = await nameOf(managerB);
    expect(answer).toMatchObject({
      version: 1,
      overall: 'pass',
      signature: { signerId: managerB.id, signerName: name, meaning: 'Reviewed and released', method: 'password re-entry', signedAt: expect.any(String) },
    });
    expect(await statusOf(s.id)).toEqual({ status: 'released', coa_version: 1 });

    // Stored, linked to the COA document, at the release time.
    const [doc] = await t.sql<{ id: string; released_at: Date }>(`SELECT id, released_at FROM coa_documents WHERE sample_id = $1`, [s.id]);
    const [row] = await signaturesOf(s.id);
    expect(row).toEqual({
      coa_version: 1,
      signer_id: managerB.id,
      signer_name: name,
      meaning: 'Reviewed and released',
      method: 'password re-entry',
      signed_at: doc.released_at,
      amendment_id: null,
    });
    expect(row.signed_at.toISOString()).toBe(answer.signature.signedAt);
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM electronic_signatures WHERE coa_document_id = $1`, [doc.id]))[0].n).toBe(1);

    // In the audit trail (and so in its hash chain), with the release.
    const [audit] = await auditOf(s.id, 'coa.released');
    expect(audit.after.signature).toEqual({
      signerId: managerB.id,
      signerName: name,
      meaning: 'Reviewed and released',
      method: 'password re-entry',
      signedAt: answer.signature.signedAt,
    });

    // Printed on the COA.
    const text = await coaText(s.id, 1);
    expect(text).toMatch(new RegExp(`Electronically signed by ${name} on ${LAB_TIME} — Reviewed and released`));
  });

  it('keeps the two-person rule: a right password does not let a manager sign off their own results', async () => {
    const s = await submitted(managerA);
    const own = await post(managerA, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerA, s.id));
    expect(own.status).toBe(403);
    expect((own.body as ErrorBody).error).toBe('RELEASE_FORBIDDEN');
    expect(await statusOf(s.id)).toEqual({ status: 'submitted', coa_version: null });
    expect(await signaturesOf(s.id)).toEqual([]);
    expect((await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id))).status).toBe(200);
  });

  it('signs the second manager’s approval of an amendment the same way, and prints it on the amended COA', async () => {
    const s = await submitted();
    await post(managerB, `/v1/samples/${s.id}/release`, await reviewedRelease(t, managerB, s.id)).expect(200);
    const requested = await requestAmendment(t, managerA, s.id, {
      amendsVersion: 1,
      reason: 'Lead re-run after the ICP-MS calibration check failed',
      results: metalsWithLead('0.21'),
    });
    expect(requested.status).toBe(201);
    const amendment = requested.body as AmendmentDto;
    const path = `/v1/samples/${s.id}/amendments/${amendment.id}/release`;

    expect((await post(managerB, path)).status).toBe(400);
    const releaseMeaning = await post(managerB, path, RELEASE_SIGNATURE);
    expect(releaseMeaning.status).toBe(400);
    expect((releaseMeaning.body as ErrorBody).details).toEqual([
      { field: 'signature.meaning', message: 'signature.meaning must be one of: Reviewed and approved the amendment' },
    ]);
    const wrong = await post(managerB, path, { signature: { password: 'nope-nope', meaning: 'Reviewed and approved the amendment' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({
      error: 'SIGNATURE_REFUSED',
      message: 'The password is incorrect: the amendment approval was not signed and nothing was released. Enter the password you sign in with.',
    });
    expect(await statusOf(s.id)).toEqual({ status: 'released', coa_version: 1 });
    expect((await t.http().get(`/v1/samples/${s.id}/amendments/${amendment.id}`).set(as(managerB)).expect(200)).body).toMatchObject({ status: 'pending' });

    // Its author still cannot approve it, password or not.
    const own = await post(managerA, path, AMENDMENT_SIGNATURE);
    expect([own.status, (own.body as ErrorBody).error]).toEqual([403, 'AMENDMENT_FOUR_EYES']);

    const approved = await post(managerB, path, AMENDMENT_SIGNATURE);
    expect(approved.status).toBe(200);
    const name = await nameOf(managerB);
    expect(approved.body).toMatchObject({
      version: 2,
      signature: { signerId: managerB.id, signerName: name, meaning: 'Reviewed and approved the amendment', method: 'password re-entry' },
    });
    const rows = await signaturesOf(s.id);
    expect(rows.map((r) => [r.coa_version, r.signer_id, r.meaning, r.amendment_id])).toEqual([
      [1, managerB.id, 'Reviewed and released', null],
      [2, managerB.id, 'Reviewed and approved the amendment', amendment.id],
    ]);
    const [amended] = await auditOf(s.id, 'coa.amended');
    expect(amended.after.signature).toMatchObject({ signerId: managerB.id, signerName: name, meaning: 'Reviewed and approved the amendment' });
    expect(amended.after.requestedBy).toMatchObject({ id: managerA.id });

    const text = await coaText(s.id, 2);
    expect(text).toMatch(new RegExp(`Electronically signed by ${name} on ${LAB_TIME} — Reviewed and approved the amendment`));
    expect(text).toContain('AMENDED: supersedes version 1');
  });

  it('locks the account after repeated wrong signature passwords, exactly as wrong sign-ins do', async () => {
    const manager = await t.userToken('manager');
    const s = await submitted();
    const wrongBody = await reviewedRelease(t, manager, s.id, { password: 'guess-again', meaning: 'Reviewed and released' });
    const wrong = () => post(manager, `/v1/samples/${s.id}/release`, wrongBody);
    expect((await wrong()).status).toBe(403);
    expect((await wrong()).status).toBe(403);
    const third = await wrong();
    expect([third.status, (third.body as ErrorBody).error]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(third.headers['retry-after']).toMatch(/^\d+$/);
    // Now even the right password is refused, at release and at sign-in alike.
    expect((await post(manager, `/v1/samples/${s.id}/release`, { ...RELEASE_SIGNATURE, resultsDigest: wrongBody.resultsDigest })).status).toBe(429);
    expect((await t.http().post('/v1/auth/login').send({ email: manager.email, password: TEST_PASSWORD })).status).toBe(429);
    expect(await failuresOf(manager)).toMatchObject({ locked: true });
    expect(await statusOf(s.id)).toEqual({ status: 'submitted', coa_version: null });
  });
});
