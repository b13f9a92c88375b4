import type { ApprovalDecisionDto, ApprovalRequestDto } from '../src/auth/approvals/approval.dto';
import type { LoginResponseDto } from '../src/auth/dto/login.dto';
import type { PendingUserChangeDto } from '../src/auth/dto/user.dto';
import type { PasswordResetResponseDto } from '../src/auth/passwords/password.dto';
import type { PendingPasswordResetDto } from '../src/auth/passwords/pending-password-reset.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

interface Signed {
  token: string;
  id: string;
  email: string;
}

/**
 * Issue 19 under issue 16's four-eyes rule: whoever knows a temporary password can act as the account,
 * so resetting a manager's or admin's password waits for a second admin, who alone sees the password.
 */
describe('password resets of privileged accounts need a second admin', () => {
  let t: TestContext;
  let adminA: Signed;
  let adminB: Signed;
  const as = (u: Signed) => ({ Authorization: `Bearer ${u.token}` });
  const labelOf = async (u: Signed) =>
    (await t.sql<{ label: string }>(`SELECT display_name || ' <' || email || '>' AS label FROM users WHERE id = $1`, [u.id]))[0].label;
  const login = (email: string, password: string) => t.http().post('/v1/auth/login').send({ email, password });
  const resetBy = (admin: Signed, target: Signed) => t.http().post(`/v1/users/${target.id}/password-reset`).set(as(admin));
  const approve = (admin: Signed, approvalId: string) => t.http().post(`/v1/approvals/${approvalId}/approve`).set(as(admin));
  const auditOf = (userId: string) =>
    t.sql<{ action: string; actor_label: string; after: Record<string, unknown> }>(
      `SELECT action, actor_label, after FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [userId],
    );

  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    adminA = await t.userToken('admin');
    adminB = await t.userToken('admin');
  });
  afterAll(() => t.close());

  describe('a manager’s reset', () => {
    let manager: Signed;
    let approval: ApprovalRequestDto;
    let temporaryPassword: string;

    it('answers admin A with 202 and a pending request; nothing changes yet, no password anywhere', async () => {
      manager = await t.userToken('manager');
      const res = await resetBy(adminA, manager).expect(202);
      expect(res.headers['cache-control']).toBe('no-store');
      approval = (res.body as PendingPasswordResetDto).approval;
      expect(approval).toMatchObject({
        kind: 'password_reset',
        subjectType: 'user',
        subjectId: manager.id,
        status: 'pending',
        summary: `Reset the password of ${await labelOf(manager)} (manager)`,
        payload: { role: 'manager', pendingRoleGrant: false },
        requestedBy: { id: adminA.id, label: await labelOf(adminA) },
        decidedBy: null,
        youMayDecide: false,
      });
      expect(Object.keys(res.body as object)).toEqual(['approval']);
      expect(JSON.stringify(res.body)).not.toMatch(/temporaryPassword|oneTimeSecret|secret/i);

      // The old password and the manager's session still work: the reset is not in force.
      await t.http().get('/v1/auth/session').set(as(manager)).expect(200);
      expect((await login(manager.email, TEST_PASSWORD).expect(200)).body).toMatchObject({ role: 'manager', passwordChangeRequired: false });
      const [row] = await t.sql<{ must: boolean }>(`SELECT must_change_password AS must FROM users WHERE id = $1`, [manager.id]);
      expect(row.must).toBe(false);
    });

    it('refuses admin A’s approval, the manager’s, and a second reset while one is pending', async () => {
      const own = await approve(adminA, approval.id).expect(403);
      expect(own.body).toMatchObject({ error: 'CANNOT_APPROVE_OWN_REQUEST' });
      await approve(manager, approval.id).expect(403);
      const twice = await resetBy(adminB, manager).expect(409);
      expect(twice.body).toMatchObject({ error: 'APPROVAL_ALREADY_PENDING', details: { approvalId: approval.id } });
      const forA = (await t.http().get(`/v1/approvals/${approval.id}`).set(as(adminA)).expect(200)).body as ApprovalRequestDto;
      const forB = (await t.http().get(`/v1/approvals/${approval.id}`).set(as(adminB)).expect(200)).body as ApprovalRequestDto;
      expect([forA.youMayDecide, forB.youMayDecide]).toEqual([false, true]);
      expect(JSON.stringify(forA)).not.toMatch(/temporaryPassword|oneTimeSecret/);
    });

    it('admin B approves: the answer alone carries the temporary password, and the manager’s sessions end', async () => {
      const res = await approve(adminB, approval.id).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const decided = res.body as ApprovalDecisionDto;
      expect(decided).toMatchObject({
        id: approval.id,
        status: 'approved',
        decidedBy: { id: adminB.id, label: await labelOf(adminB) },
        oneTimeSecret: { kind: 'temporary_password', value: expect.stringMatching(/^[\w-]{20}$/) },
      });
      temporaryPassword = decided.oneTimeSecret!.value;
      const hours = (Date.parse(decided.oneTimeSecret!.expiresAt) - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);

      await t.http().get('/v1/auth/session').set(as(manager)).expect(401);
      await login(manager.email, TEST_PASSWORD).expect(401);
      const signedIn = (await login(manager.email, temporaryPassword).expect(200)).body as LoginResponseDto;
      expect(signedIn).toMatchObject({ role: 'manager', passwordChangeRequired: true });
      const blocked = await t
        .http()
        .get('/v1/licensees')
        .set({ Authorization: `Bearer ${signedIn.accessToken}` })
        .expect(403);
      expect((blocked.body as ErrorBody).error).toBe('PASSWORD_CHANGE_REQUIRED');

      const again = await approve(adminB, approval.id).expect(409);
      expect((again.body as ErrorBody).error).toBe('APPROVAL_ALREADY_DECIDED');
    });

    it('never shows admin A the password: not in the queue, the request, the audit or the database', async () => {
      const one = await t.http().get(`/v1/approvals/${approval.id}`).set(as(adminA)).expect(200);
      const all = await t.http().get('/v1/approvals?status=all').set(as(adminA)).expect(200);
      expect(one.body).toMatchObject({ status: 'approved', decidedBy: { id: adminB.id } });
      expect(JSON.stringify([one.body, all.body])).not.toContain(temporaryPassword);
      const stored = JSON.stringify([await t.sql(`SELECT * FROM audit_events`), await t.sql(`SELECT * FROM approval_requests`)]);
      expect(stored).not.toContain(temporaryPassword);
      const [{ hash }] = await t.sql<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE id = $1`, [manager.id]);
      expect(hash).toMatch(/^\$argon2id\$/);
    });

    it('audits the request under admin A and the reset and approval under admin B, each naming both', async () => {
      const [a, b] = [await labelOf(adminA), await labelOf(adminB)];
      const trail = await auditOf(manager.id);
      expect(trail.map((e) => [e.action, e.actor_label])).toEqual([
        ['user.created', 'labtrace'],
        ['approval.requested', a],
        ['approval.refused', a],
        ['user.password_reset', b],
        ['approval.approved', b],
      ]);
      expect(trail[2].after).toMatchObject({ code: 'CANNOT_APPROVE_OWN_REQUEST', decision: 'approve', approvalId: approval.id, kind: 'password_reset' });
      expect(trail[3].after).toEqual({
        mustChangePassword: true,
        temporaryPasswordExpiresAt: expect.any(String),
        approvalId: approval.id,
        requestedBy: a,
        approvedBy: b,
      });
      expect(trail[4].after).toMatchObject({
        approvalId: approval.id,
        kind: 'password_reset',
        requestedBy: a,
        decidedBy: b,
        result: { mustChangePassword: true, sessionsRevoked: true },
      });
    });
  });

  it('refuses an admin’s decision on a reset of their own password; a rejection changes nothing', async () => {
    const target = await t.userToken('admin');
    const pending = (await resetBy(adminA, target).expect(202)).body as PendingPasswordResetDto;
    expect(pending.approval.summary).toBe(`Reset the password of ${await labelOf(target)} (admin)`);
    const own = await approve(target, pending.approval.id).expect(403);
    expect(own.body).toMatchObject({ error: 'CANNOT_DECIDE_OWN_POWER', message: 'You cannot approve or reject a reset of your own password' });
    const forTarget = (await t.http().get(`/v1/approvals/${pending.approval.id}`).set(as(target)).expect(200)).body as ApprovalRequestDto;
    expect(forTarget.youMayDecide).toBe(false);
    const rejected = await t.http().post(`/v1/approvals/${pending.approval.id}/reject`).set(as(adminB)).send({ reason: 'They did not ask' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'They did not ask' });
    await t.http().get('/v1/auth/session').set(as(target)).expect(200);
    await login(target.email, TEST_PASSWORD).expect(200);

    // Asked again and approved by B: the admin's temporary password works, the old one no longer.
    const again = (await resetBy(adminA, target).expect(202)).body as PendingPasswordResetDto;
    const decided = (await approve(adminB, again.approval.id).expect(200)).body as ApprovalDecisionDto;
    await login(target.email, TEST_PASSWORD).expect(401);
    expect((await login(target.email, decided.oneTimeSecret!.value).expect(200)).body).toMatchObject({ role: 'admin', passwordChangeRequired: true });
  });

  it('keeps a technician’s reset one step, but not one whose manager grant is pending', async () => {
    const tech = await t.userToken('technician');
    const res = await resetBy(adminA, tech).expect(201);
    const issued = res.body as PasswordResetResponseDto;
    expect(issued.temporaryPassword).toMatch(/^[\w-]{20}$/);
    expect((await login(tech.email, issued.temporaryPassword).expect(200)).body).toMatchObject({ passwordChangeRequired: true });
    expect((await auditOf(tech.id)).map((e) => e.action)).toEqual(['user.created', 'user.password_reset']);

    // A technician about to become a manager: a known password would then be a manager's.
    const rising = await t.userToken('technician');
    await t.http().patch(`/v1/users/${rising.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202);
    const pending = (await resetBy(adminA, rising).expect(202)).body as PendingPasswordResetDto;
    expect(pending.approval).toMatchObject({
      kind: 'password_reset',
      payload: { role: 'technician', pendingRoleGrant: true },
      summary: `Reset the password of ${await labelOf(rising)} (technician, role grant pending)`,
    });
    await login(rising.email, TEST_PASSWORD).expect(200);
  });

  it('answers a role grant’s approval with a temporary password too, and still refuses a reset of one’s own password', async () => {
    // A grant re-issues the credentials like an approved reset (red team finding 1; test/elevation-credentials.e2e-spec.ts).
    const tech = await t.userToken('technician');
    const grant = (await t.http().patch(`/v1/users/${tech.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto;
    const decided = (await approve(adminB, grant.approval.id).expect(200)).body as ApprovalDecisionDto;
    expect(decided).toMatchObject({ kind: 'role_grant', status: 'approved', oneTimeSecret: { kind: 'temporary_password' } });
    await login(tech.email, TEST_PASSWORD).expect(401);
    const own = await resetBy(adminA, adminA).expect(403);
    expect((own.body as ErrorBody).error).toBe('CANNOT_RESET_OWN_PASSWORD');
  });
});
