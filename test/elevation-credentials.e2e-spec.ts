import type { ApprovalDecisionDto } from '../src/auth/approvals/approval.dto';
import type { LoginResponseDto } from '../src/auth/dto/login.dto';
import type { PendingUserChangeDto, UserResponseDto } from '../src/auth/dto/user.dto';
import type { PasswordResetResponseDto } from '../src/auth/passwords/password.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

interface Signed {
  token: string;
  id: string;
  email: string;
}

const REISSUES = 'approving issues a new temporary password to you';

/**
 * Red team findings 1 and 4 (session 20): one admin must never end up holding a manager's or admin's
 * password. Resets of power need a second admin, but a password known before the power arrived (a
 * technician's one-step reset, a new account's first password) used to survive the grant. Now approving
 * a grant re-issues the credentials to the approving admin alone, as an approved reset does. And a
 * request left by an admin since disabled or demoted can no longer be approved.
 */
describe('an approved grant of manager or admin re-issues the credentials to the approver alone', () => {
  let t: TestContext;
  let adminA: Signed;
  let adminB: Signed;
  const as = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const login = (email: string, password: string) => t.http().post('/v1/auth/login').send({ email, password });
  const sessionStatus = async (token: string) => (await t.http().get('/v1/auth/session').set(as({ token }))).status;
  const approve = async (approvalId: string) =>
    (await t.http().post(`/v1/approvals/${approvalId}/approve`).set(as(adminB)).expect(200)).body as ApprovalDecisionDto;
  const labelOf = async (u: Signed) =>
    (await t.sql<{ label: string }>(`SELECT display_name || ' <' || email || '>' AS label FROM users WHERE id = $1`, [u.id]))[0].label;
  const roleOf = async (id: string) => (await t.sql<{ role: string; active: boolean }>(`SELECT role, active FROM users WHERE id = $1`, [id]))[0];

  /**
   * What every route must end in: the password admin A knew is refused, the approver holds a temporary
   * one that signs in as `role` only to set a new password, and the person's own password then works.
   */
  async function expectReissued(email: string, decided: ApprovalDecisionDto, known: string, role: string): Promise<void> {
    expect(decided).toMatchObject({ kind: 'role_grant', status: 'approved', oneTimeSecret: { kind: 'temporary_password' } });
    const secret = decided.oneTimeSecret!;
    expect(secret.value).toMatch(/^[\w-]{20}$/);
    expect(Date.parse(secret.expiresAt)).toBeGreaterThan(Date.now());
    expect((await login(email, known)).status).toBe(401);

    const signedIn = (await login(email, secret.value).expect(200)).body as LoginResponseDto;
    expect(signedIn).toMatchObject({ role, passwordChangeRequired: true });
    const blocked = await t
      .http()
      .get('/v1/samples')
      .set(as({ token: signedIn.accessToken }))
      .expect(403);
    expect((blocked.body as ErrorBody).error).toBe('PASSWORD_CHANGE_REQUIRED');
    const own = `${role}-chosen-by-the-person-1`;
    await t
      .http()
      .post('/v1/auth/password')
      .set(as({ token: signedIn.accessToken }))
      .send({ currentPassword: secret.value, newPassword: own })
      .expect(200);
    expect((await login(email, own).expect(200)).body).toMatchObject({ role, passwordChangeRequired: false });
    expect((await login(email, secret.value)).status).toBe(401);
  }

  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    adminA = await t.userToken('admin');
    adminB = await t.userToken('admin');
  });
  afterAll(() => t.close());

  it('route A: a technician reset by admin A (who then set a password), granted manager: A’s password dies, B holds the new one', async () => {
    const tech = await t.userToken('technician');
    const reset = (await t.http().post(`/v1/users/${tech.id}/password-reset`).set(as(adminA)).expect(201)).body as PasswordResetResponseDto;
    // Admin A signs in as the technician and makes the password their own.
    const asTech = (await login(tech.email, reset.temporaryPassword).expect(200)).body as LoginResponseDto;
    const knownToA = 'admin-a-knows-this-one';
    const changed = await t
      .http()
      .post('/v1/auth/password')
      .set(as({ token: asTech.accessToken }))
      .send({ currentPassword: reset.temporaryPassword, newPassword: knownToA });
    expect(changed.status).toBe(200);
    const techSession = ((await login(tech.email, knownToA).expect(200)).body as LoginResponseDto).accessToken;

    const grant = (await t.http().patch(`/v1/users/${tech.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto;
    expect(grant.approval.summary).toBe(`Grant manager to ${await labelOf(tech)} (now technician); ${REISSUES}`);
    expect(await sessionStatus(techSession)).toBe(200);

    const decided = await approve(grant.approval.id);
    expect(await sessionStatus(techSession)).toBe(401);
    expect(await sessionStatus(tech.token)).toBe(401);
    await expectReissued(tech.email, decided, knownToA, 'manager');

    // The approval's audit says the credentials were re-issued, and no row anywhere holds the secret.
    const trail = await t.sql<{ action: string; actor_id: string; after: Record<string, unknown> }>(
      `SELECT action, actor_id, after FROM audit_events WHERE entity_id = $1 AND action IN ('user.password_reset', 'approval.approved') ORDER BY id`,
      [tech.id],
    );
    expect(trail.map((e) => [e.action, e.actor_id])).toEqual([
      ['user.password_reset', adminA.id],
      ['user.password_reset', adminB.id],
      ['approval.approved', adminB.id],
    ]);
    expect(trail[1].after).toMatchObject({ mustChangePassword: true, approvalId: grant.approval.id, reissuedWith: 'role_grant' });
    expect(trail[2].after).toMatchObject({
      kind: 'role_grant',
      result: { id: tech.id, role: 'manager', active: true, credentialsReissued: true, mustChangePassword: true, sessionsRevoked: true },
    });
    const stored = JSON.stringify([await t.sql(`SELECT * FROM audit_events`), await t.sql(`SELECT * FROM approval_requests`)]);
    expect(stored).not.toContain(decided.oneTimeSecret!.value);
  });

  it('route B: a manager demoted, reset in one step and granted back: the reset’s password dies with the grant', async () => {
    const manager = await t.userToken('manager');
    await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ role: 'technician' }).expect(200);
    const reset = (await t.http().post(`/v1/users/${manager.id}/password-reset`).set(as(adminA)).expect(201)).body as PasswordResetResponseDto;
    const grant = (await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto;
    expect(grant.approval.summary).toMatch(new RegExp(`\\(now technician\\); ${REISSUES}$`));
    const decided = await approve(grant.approval.id);
    expect(await roleOf(manager.id)).toEqual({ role: 'manager', active: true });
    await expectReissued(manager.email, decided, reset.temporaryPassword, 'manager');
  });

  it('route C: a manager created by admin A with a chosen password: a technician who must change it until B approves, then B’s password only', async () => {
    const email = 'new.qa.manager@test.lab';
    const chosen = 'chosen-by-admin-a-1';
    const created = (
      await t.http().post('/v1/users').set(as(adminA)).send({ email, displayName: 'New QA Manager', password: chosen, role: 'manager' }).expect(202)
    ).body as PendingUserChangeDto;
    expect(created.user).toMatchObject({ role: 'technician', passwordChangeRequired: true, pendingGrant: { role: 'manager' } });
    expect(created.approval.summary).toBe(`Grant manager to New QA Manager <${email}> (now technician); ${REISSUES}`);
    const early = (await login(email, chosen).expect(200)).body as LoginResponseDto;
    expect(early).toMatchObject({ role: 'technician', passwordChangeRequired: true });

    const decided = await approve(created.approval.id);
    expect(await sessionStatus(early.accessToken)).toBe(401);
    await expectReissued(email, decided, chosen, 'manager');
  });

  it('an admin grant by creation ends the same way', async () => {
    const email = 'new.admin@test.lab';
    const created = (
      await t.http().post('/v1/users').set(as(adminA)).send({ email, displayName: 'New Admin', password: 'chosen-by-admin-a-2', role: 'admin' }).expect(202)
    ).body as PendingUserChangeDto;
    await expectReissued(email, await approve(created.approval.id), 'chosen-by-admin-a-2', 'admin');
  });

  it('a technician created directly applies at once and must change the password an admin chose at the first sign-in', async () => {
    const email = 'new.bench@test.lab';
    const created = (
      await t
        .http()
        .post('/v1/users')
        .set(as(adminA))
        .send({ email, displayName: 'New Bench', password: 'chosen-by-admin-a-3', role: 'technician' })
        .expect(201)
    ).body as UserResponseDto;
    expect(created).toMatchObject({ role: 'technician', active: true, passwordChangeRequired: true, pendingGrant: null });
    const first = (await login(email, 'chosen-by-admin-a-3').expect(200)).body as LoginResponseDto;
    expect(first).toMatchObject({ role: 'technician', passwordChangeRequired: true });
    expect(
      (
        (
          await t
            .http()
            .get('/v1/samples')
            .set(as({ token: first.accessToken }))
            .expect(403)
        ).body as ErrorBody
      ).error,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    const [row] = await t.sql<{ expires: Date }>(`SELECT temporary_password_expires_at AS expires FROM users WHERE email = $1`, [email]);
    expect(row.expires.getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);
  });

  // Disabling or demoting through LabTrace now cancels the admin's pending requests (approval-withdraw e2e).
  // The 409 stays the backstop for a request still pending (from before that, or a change made in the
  // database directly), which is what these change the account's row for.
  describe('finding 4: a request left by an admin since disabled or demoted', () => {
    it('is refused on approval with 409 and applies nothing; another admin can still reject it', async () => {
      const leaving = await t.userToken('admin');
      const email = 'x.puppet@test.lab';
      const created = (
        await t.http().post('/v1/users').set(as(leaving)).send({ email, displayName: 'X', password: 'x-password-123456', role: 'admin' }).expect(202)
      ).body as PendingUserChangeDto;
      await t.sql(`UPDATE users SET active = false WHERE id = $1`, [leaving.id]);

      const refused = await t.http().post(`/v1/approvals/${created.approval.id}/approve`).set(as(adminB)).expect(409);
      expect(refused.body).toMatchObject({
        error: 'REQUESTER_NO_LONGER_ADMIN',
        message: 'The admin who asked for this has been disabled, so it cannot be approved; reject it, and ask for it again yourself if it is still wanted',
      });
      expect(await roleOf(created.user.id)).toEqual({ role: 'technician', active: true });
      const [pending] = await t.sql<{ status: string }>(`SELECT status FROM approval_requests WHERE id = $1`, [created.approval.id]);
      expect(pending.status).toBe('pending');
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'approval.approved'`, [created.user.id])).toEqual([]);

      await t.http().post(`/v1/approvals/${created.approval.id}/reject`).set(as(adminB)).send({ reason: 'Asked by an admin who has left' }).expect(200);
      expect(await roleOf(created.user.id)).toEqual({ role: 'technician', active: true });
    });

    it('is refused too when the requester was demoted', async () => {
      const demoted = await t.userToken('admin');
      const tech = await t.userToken('technician');
      const grant = (await t.http().patch(`/v1/users/${tech.id}`).set(as(demoted)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto;
      await t.sql(`UPDATE users SET role = 'technician' WHERE id = $1`, [demoted.id]);
      const refused = await t.http().post(`/v1/approvals/${grant.approval.id}/approve`).set(as(adminB)).expect(409);
      expect((refused.body as ErrorBody).message).toMatch(/^The admin who asked for this is now technician,/);
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      await login(tech.email, TEST_PASSWORD).expect(200);
    });
  });
});
