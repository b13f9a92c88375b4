import { randomUUID } from 'node:crypto';
import type { ApprovalDecisionDto, ApprovalRequestDto } from '../src/auth/approvals/approval.dto';
import type { PendingUserChangeDto, UserResponseDto } from '../src/auth/dto/user.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { LimitSetDto, LimitSetUploadDto } from '../src/rules/limit-sets/limit-set.dto';
import { LimitSetsService } from '../src/rules/limit-sets/limit-sets.service';
import { approveAs } from './support/approvals';
import { RELEASE_SIGNATURE, UNKNOWN_RESULTS_DIGEST } from './support/release';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

interface Signed {
  token: string;
  id: string;
  email: string;
}

/**
 * Issue 16, deliverable 4: nobody changes their own role; granting manager or admin and putting an
 * uploaded rule set in force wait for a second admin; every step is audited with both names.
 * The first two admins are bootstrapped by LabTrace itself (test support's system actor, as the seed does).
 */
describe('two-person rules for power', () => {
  let t: TestContext;
  let adminA: Signed;
  let adminB: Signed;
  const labelOf = async (u: Signed) =>
    (await t.sql<{ label: string }>(`SELECT display_name || ' <' || email || '>' AS label FROM users WHERE id = $1`, [u.id]))[0].label;
  const as = (u: Signed) => ({ Authorization: `Bearer ${u.token}` });
  const roleOf = async (id: string) => (await t.sql<{ role: string; active: boolean }>(`SELECT role, active FROM users WHERE id = $1`, [id]))[0];
  const auditOf = (entityId: string) =>
    t.sql<{ action: string; actor_label: string; before: unknown; after: Record<string, unknown>; reason: string | null }>(
      `SELECT action, actor_label, before, after, reason FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
  // A manager-only route: the guard answers 403 to anyone else before the (unknown) sample is looked up.
  const releaseStatus = async (u: Signed) =>
    (
      await t
        .http()
        .post(`/v1/samples/${randomUUID()}/release`)
        .set(as(u))
        .send({ ...RELEASE_SIGNATURE, resultsDigest: UNKNOWN_RESULTS_DIGEST })
    ).status;
  const signIn = async (email: string) =>
    ((await t.http().post('/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)).body as { accessToken: string }).accessToken;

  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    adminA = await t.userToken('admin');
    adminB = await t.userToken('admin');
  });
  afterAll(() => t.close());

  describe('nobody changes their own role', () => {
    it('refuses an admin’s change to their own role or active flag with 403 and a code, and changes nothing', async () => {
      const own = await t.http().patch(`/v1/users/${adminA.id}`).set(as(adminA)).send({ role: 'manager' }).expect(403);
      expect(own.body).toMatchObject({ error: 'CANNOT_CHANGE_OWN_ROLE', message: 'You cannot change your own role; another admin must' });
      const demote = await t.http().patch(`/v1/users/${adminA.id}`).set(as(adminA)).send({ role: 'technician' }).expect(403);
      expect((demote.body as ErrorBody).error).toBe('CANNOT_CHANGE_OWN_ROLE');
      const off = await t.http().patch(`/v1/users/${adminA.id}`).set(as(adminA)).send({ active: false }).expect(403);
      expect((off.body as ErrorBody).error).toBe('CANNOT_DISABLE_SELF');
      expect(await roleOf(adminA.id)).toEqual({ role: 'admin', active: true });
      expect(await t.sql(`SELECT 1 FROM approval_requests WHERE subject_id = $1`, [adminA.id])).toEqual([]);
      // The attempts at the own role are kept in the audit trail (red team s24 #7); disabling oneself is a plain refusal.
      const refused = (await auditOf(adminA.id)).filter((e) => e.action === 'user.refused');
      expect(refused.map((e) => [e.actor_label, e.after, e.reason])).toEqual([
        [
          await labelOf(adminA),
          { code: 'CANNOT_CHANGE_OWN_ROLE', role: { from: 'admin', to: 'manager' } },
          'You cannot change your own role; another admin must',
        ],
        [
          await labelOf(adminA),
          { code: 'CANNOT_CHANGE_OWN_ROLE', role: { from: 'admin', to: 'technician' } },
          'You cannot change your own role; another admin must',
        ],
      ]);
      // A new name is not power: it applies.
      const renamed = await t.http().patch(`/v1/users/${adminA.id}`).set(as(adminA)).send({ displayName: 'Ann Admin' }).expect(200);
      expect(renamed.body).toMatchObject({ displayName: 'Ann Admin', role: 'admin', pendingGrant: null });
    });
  });

  describe('printed names tell people apart', () => {
    it('refuses a new user or a rename to a name another active user holds (case and spacing ignored), with 409 on displayName', async () => {
      const taken = (await t.sql<{ display_name: string }>(`SELECT display_name FROM users WHERE id = $1`, [adminB.id]))[0].display_name;
      const manager = await t.userToken('manager');
      const rename = await t
        .http()
        .patch(`/v1/users/${manager.id}`)
        .set(as(adminA))
        .send({ displayName: `  ${taken.toUpperCase().replace(' ', '   ')} ` })
        .expect(409);
      expect(rename.body).toMatchObject({ error: 'DISPLAY_NAME_TAKEN', details: [{ field: 'displayName', message: expect.stringContaining(taken) }] });
      const create = await t
        .http()
        .post('/v1/users')
        .set(as(adminA))
        .send({ email: `twin-${Date.now()}@test.lab`, displayName: taken, password: 'long-enough-pw-1', role: 'technician' })
        .expect(409);
      expect((create.body as ErrorBody).error).toBe('DISPLAY_NAME_TAKEN');
      const [row] = await t.sql<{ display_name: string }>(`SELECT display_name FROM users WHERE id = $1`, [manager.id]);
      expect(row.display_name).not.toBe(taken);
      // Its own name, sent again, is no clash.
      await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ displayName: row.display_name }).expect(200);
    });

    it('lets one of several simultaneous creations with one email or one name through and answers the rest 409, never 500', async () => {
      const stamp = Date.now();
      const create = (email: string, displayName: string) =>
        t.http().post('/v1/users').set(as(adminA)).send({ email, displayName, password: 'long-enough-pw-1', role: 'technician' });
      const sameEmail = await Promise.all([1, 2, 3, 4].map((n) => create(`race-${stamp}@test.lab`, `Race Email ${stamp} ${n}`)));
      expect(sameEmail.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(sameEmail.filter((r) => r.status === 409).map((r) => (r.body as ErrorBody).error)).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN', 'EMAIL_TAKEN']);
      const sameName = await Promise.all([1, 2, 3, 4].map((n) => create(`race-${stamp}-${n}@test.lab`, `Race Name ${stamp}`)));
      expect(sameName.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(sameName.filter((r) => r.status === 409).map((r) => (r.body as ErrorBody).error)).toEqual([
        'DISPLAY_NAME_TAKEN',
        'DISPLAY_NAME_TAKEN',
        'DISPLAY_NAME_TAKEN',
      ]);
      const held = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM users WHERE display_name = $1 AND active`, [`Race Name ${stamp}`]);
      expect(held[0].n).toBe('1');
    });

    it('refuses to reactivate a manager by an approved grant while someone else holds the name (409, the grant stays pending)', async () => {
      const nameOf = async (id: string) => (await t.sql<{ display_name: string }>(`SELECT display_name FROM users WHERE id = $1`, [id]))[0].display_name;
      const newTech = (displayName: string) =>
        t
          .http()
          .post('/v1/users')
          .set(as(adminA))
          .send({ email: `twin-${randomUUID()}@test.lab`, displayName, password: 'long-enough-pw-1', role: 'technician' });
      const manager = await t.userToken('manager');
      const name = await nameOf(manager.id);
      await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ active: false }).expect(200);
      const back = await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ active: true }).expect(202);
      const approvalId = (back.body as PendingUserChangeDto).approval.id;
      // The name was free when the grant was asked for; a new technician takes it while the grant waits.
      await newTech(name).expect(201);
      const approve = await t.http().post(`/v1/approvals/${approvalId}/approve`).set(as(adminB)).expect(409);
      expect(approve.body).toMatchObject({ error: 'DISPLAY_NAME_TAKEN', details: [{ field: 'displayName', message: expect.stringContaining(name) }] });
      expect(await roleOf(manager.id)).toEqual({ role: 'manager', active: false });
      expect((await t.sql<{ status: string }>(`SELECT status FROM approval_requests WHERE id = $1`, [approvalId]))[0].status).toBe('pending');
      // The way out: rename the inactive account, then approve.
      await t
        .http()
        .patch(`/v1/users/${manager.id}`)
        .set(as(adminA))
        .send({ displayName: `${name} (QA)` })
        .expect(200);
      await approveAs(t, adminB.token, approvalId);
      expect(await roleOf(manager.id)).toEqual({ role: 'manager', active: true });

      // Asked for while the name is already held: refused at once, nothing waits.
      const other = await t.userToken('manager');
      const otherName = await nameOf(other.id);
      await t.http().patch(`/v1/users/${other.id}`).set(as(adminA)).send({ active: false }).expect(200);
      await newTech(otherName).expect(201);
      const early = await t.http().patch(`/v1/users/${other.id}`).set(as(adminA)).send({ active: true }).expect(409);
      expect((early.body as ErrorBody).error).toBe('DISPLAY_NAME_TAKEN');
      expect(await t.sql(`SELECT 1 FROM approval_requests WHERE subject_id = $1 AND status = 'pending'`, [other.id])).toEqual([]);
    });

    it('stores names as they print and refuses look-alikes: decomposed accents clash, invisible, control and mixed-script names are 400', async () => {
      const stamp = String(Date.now()).slice(-6);
      const create = (displayName: string) =>
        t
          .http()
          .post('/v1/users')
          .set(as(adminA))
          .send({ email: `print-${randomUUID()}@test.lab`, displayName, password: 'long-enough-pw-1', role: 'technician' });
      const nfd = await create(`  Jose\u0301 \u00A0Morgan ${stamp} `).expect(201);
      expect((nfd.body as UserResponseDto).displayName).toBe(`Jos\u00E9 Morgan ${stamp}`);
      expect(((await create(`JOS\u00C9 MORGAN ${stamp}`).expect(409)).body as ErrorBody).error).toBe('DISPLAY_NAME_TAKEN');
      for (const [sent, found] of [
        [`Jos\u00E9\u200B Morgan ${stamp}`, 'U+200B'],
        [`Jos\u00E9 Morgan ${stamp}\u202E`, 'U+202E'],
        [`Jos\u00E9\nMorgan ${stamp}`, 'U+000A'],
      ]) {
        const res = await create(sent).expect(400);
        expect(res.body).toMatchObject({ details: [{ field: 'displayName', message: expect.stringContaining(`(found ${found})`) }] });
      }
      const cyrillic = await create(`J\u043Es\u00E9 Morgan ${stamp}`).expect(400);
      expect(cyrillic.body).toMatchObject({
        details: [{ field: 'displayName', message: expect.stringContaining('must not mix letters of different scripts (found Latin and Cyrillic') }],
      });
      // Red team s24 #4: a Cherokee Ꭺ in a Latin name is 400; capital I for small l prints alike, so it clashes (409).
      expect((await create(`\u13AAlice Brown ${stamp}`).expect(400)).body).toMatchObject({
        details: [{ field: 'displayName', message: expect.stringContaining('(found Cherokee and Latin:') }],
      });
      await create(`Bill Grant ${stamp}`).expect(201);
      expect(((await create(`BiII Grant ${stamp}`).expect(409)).body as ErrorBody).error).toBe('DISPLAY_NAME_TAKEN');
      const rename = await t
        .http()
        .patch(`/v1/users/${(nfd.body as UserResponseDto).id}`)
        .set(as(adminA))
        .send({ displayName: 'Jos\u00E9\u200D' })
        .expect(400);
      expect((rename.body as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['displayName']);
    });

    it('registers a license number once when several registrations race', async () => {
      const licenseNumber = `OCM-CULT-25-${String(Date.now()).slice(-6)}`;
      const register = () => t.http().post('/v1/licensees').set(as(adminA)).send({ licenseNumber, name: 'Race Farms' });
      const answers = await Promise.all([1, 2, 3].map(register));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(answers.filter((r) => r.status === 409).map((r) => (r.body as ErrorBody).error)).toEqual(['LICENSEE_EXISTS', 'LICENSEE_EXISTS']);
    });
  });

  describe('granting manager', () => {
    let tech: Signed;
    let approval: ApprovalRequestDto;

    it('admin A’s grant answers 202 with the pending request; the user stays a technician', async () => {
      tech = await t.userToken('technician');
      const res = await t.http().patch(`/v1/users/${tech.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202);
      const body = res.body as PendingUserChangeDto;
      approval = body.approval;
      expect(body.user).toMatchObject({
        id: tech.id,
        role: 'technician',
        pendingGrant: { approvalId: approval.id, role: 'manager', activate: false, requestedBy: await labelOf(adminA) },
      });
      expect(approval).toMatchObject({
        kind: 'role_grant',
        subjectType: 'user',
        subjectId: tech.id,
        status: 'pending',
        summary: `Grant manager to ${await labelOf(tech)} (now technician); approving issues a new temporary password to you`,
        payload: { role: 'manager', activate: false },
        requestedBy: { id: adminA.id, label: await labelOf(adminA) },
        decidedBy: null,
        youMayDecide: false,
      });
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      expect(await releaseStatus(tech)).toBe(403);
    });

    it('lists the request for both admins, decidable only by the other one', async () => {
      const forA = (await t.http().get('/v1/approvals').set(as(adminA)).expect(200)).body as ApprovalRequestDto[];
      const forB = (await t.http().get('/v1/approvals?status=pending').set(as(adminB)).expect(200)).body as ApprovalRequestDto[];
      expect(forA.find((a) => a.id === approval.id)).toMatchObject({ status: 'pending', youMayDecide: false });
      expect(forB.find((a) => a.id === approval.id)).toMatchObject({ status: 'pending', youMayDecide: true });
      const one = await t.http().get(`/v1/approvals/${approval.id}`).set(as(adminB)).expect(200);
      expect(one.body).toMatchObject({ id: approval.id, youMayDecide: true });
    });

    it('refuses A’s approval of their own request, and a second request while one is pending', async () => {
      const own = await t.http().post(`/v1/approvals/${approval.id}/approve`).set(as(adminA)).expect(403);
      expect(own.body).toMatchObject({
        error: 'CANNOT_APPROVE_OWN_REQUEST',
        message: 'A second admin must decide: you cannot approve or reject your own request',
      });
      const ownReject = await t.http().post(`/v1/approvals/${approval.id}/reject`).set(as(adminA)).send({ reason: 'changed my mind' }).expect(403);
      expect((ownReject.body as ErrorBody).error).toBe('CANNOT_APPROVE_OWN_REQUEST');
      // Both attempts are kept in the audit trail, on the request's subject, though nothing else of them is.
      const refused = (await auditOf(tech.id)).filter((e) => e.action === 'approval.refused');
      const a = await labelOf(adminA);
      expect(refused.map((e) => [e.actor_label, e.after])).toEqual(
        ['approve', 'reject'].map((decision) => [
          a,
          { code: 'CANNOT_APPROVE_OWN_REQUEST', decision, approvalId: approval.id, kind: 'role_grant', summary: approval.summary, requestedBy: a },
        ]),
      );
      const twice = await t.http().patch(`/v1/users/${tech.id}`).set(as(adminB)).send({ role: 'admin' }).expect(409);
      expect(twice.body).toMatchObject({ error: 'APPROVAL_ALREADY_PENDING', details: { approvalId: approval.id } });
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
    });

    it('admin B approves: the user is a manager at once, and the audit names both admins', async () => {
      const decided = (await approveAs(t, adminB.token, approval.id)) as ApprovalDecisionDto;
      expect(decided).toMatchObject({ status: 'approved', decidedBy: { id: adminB.id, label: await labelOf(adminB) }, reason: null });
      expect(decided.decidedAt).toEqual(expect.any(String));
      expect(await roleOf(tech.id)).toEqual({ role: 'manager', active: true });
      // A new role ends the user's sessions (issue 19): the old token is refused. The grant re-issued the
      // credentials to B alone (red team finding 1): the old password is dead, B's temporary one signs in to
      // set a new password (the release signature's), and then the power is there.
      expect(await releaseStatus(tech)).toBe(401);
      await t.http().post('/v1/auth/login').send({ email: tech.email, password: TEST_PASSWORD }).expect(401);
      const temporary = decided.oneTimeSecret!.value;
      const first = (await t.http().post('/v1/auth/login').send({ email: tech.email, password: temporary }).expect(200)).body as { accessToken: string };
      await t
        .http()
        .post('/v1/auth/password')
        .set('Authorization', `Bearer ${first.accessToken}`)
        .send({ currentPassword: temporary, newPassword: TEST_PASSWORD })
        .expect(200);
      expect(await releaseStatus({ ...tech, token: await signIn(tech.email) })).toBe(404);
      const users = (await t.http().get('/v1/users').set(as(adminB)).expect(200)).body as UserResponseDto[];
      expect(users.find((u) => u.id === tech.id)).toMatchObject({ role: 'manager', pendingGrant: null });

      const trail = await auditOf(tech.id);
      expect(trail.map((e) => [e.action, e.actor_label])).toEqual([
        ['user.created', 'labtrace'],
        ['approval.requested', await labelOf(adminA)],
        ['approval.refused', await labelOf(adminA)],
        ['approval.refused', await labelOf(adminA)],
        ['user.password_reset', await labelOf(adminB)],
        ['approval.approved', await labelOf(adminB)],
        ['user.password_changed', await labelOf(tech)],
      ]);
      expect(trail[5].before).toMatchObject({ role: 'technician' });
      expect(trail[5].after).toMatchObject({
        approvalId: approval.id,
        kind: 'role_grant',
        requestedBy: await labelOf(adminA),
        decidedBy: await labelOf(adminB),
        result: { id: tech.id, role: 'manager', active: true, credentialsReissued: true },
      });
      const again = await t.http().post(`/v1/approvals/${approval.id}/approve`).set(as(adminB)).expect(409);
      expect((again.body as ErrorBody).error).toBe('APPROVAL_ALREADY_DECIDED');
    });
  });

  it('creates a new manager as an active technician; a rejection needs a reason and keeps the role', async () => {
    const res = await t
      .http()
      .post('/v1/users')
      .set(as(adminA))
      .send({ email: 'new.manager@test.lab', displayName: 'New Manager', password: 'long-enough-pw', role: 'manager' })
      .expect(202);
    const { user, approval } = res.body as PendingUserChangeDto;
    expect(user).toMatchObject({ email: 'new.manager@test.lab', role: 'technician', active: true, pendingGrant: { role: 'manager' } });
    const login = await t.http().post('/v1/auth/login').send({ email: 'new.manager@test.lab', password: 'long-enough-pw' }).expect(200);
    expect(login.body).toMatchObject({ role: 'technician' });

    const blank = await t.http().post(`/v1/approvals/${approval.id}/reject`).set(as(adminB)).send({ reason: '   ' }).expect(400);
    expect((blank.body as ErrorBody).details).toEqual([{ field: 'reason', message: 'reason is required' }]);
    const rejected = await t.http().post(`/v1/approvals/${approval.id}/reject`).set(as(adminB)).send({ reason: 'Not on the staffing plan' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Not on the staffing plan', decidedBy: { id: adminB.id } });
    expect(await roleOf(user.id)).toEqual({ role: 'technician', active: true });
    const trail = await auditOf(user.id);
    expect(trail.map((e) => [e.action, e.actor_label, e.reason])).toEqual([
      ['user.created', await labelOf(adminA), null],
      ['approval.requested', await labelOf(adminA), null],
      ['approval.rejected', await labelOf(adminB), 'Not on the staffing plan'],
    ]);
    expect(trail[0].after).toMatchObject({ role: 'technician' });
  });

  it('refuses an admin’s decision on a grant about themselves; a third admin decides', async () => {
    // Admin does not include release: moving B to manager is a grant, and B may not approve it.
    const res = await t.http().patch(`/v1/users/${adminB.id}`).set(as(adminA)).send({ role: 'manager' }).expect(202);
    const { approval } = res.body as PendingUserChangeDto;
    const forB = (await t.http().get('/v1/approvals').set(as(adminB)).expect(200)).body as ApprovalRequestDto[];
    expect(forB.find((a) => a.id === approval.id)?.youMayDecide).toBe(false);
    const own = await t.http().post(`/v1/approvals/${approval.id}/approve`).set(as(adminB)).expect(403);
    expect(own.body).toMatchObject({ error: 'CANNOT_DECIDE_OWN_POWER', message: 'You cannot approve or reject a change to your own role' });
    const adminC = await t.userToken('admin');
    await t.http().post(`/v1/approvals/${approval.id}/reject`).set(as(adminC)).send({ reason: 'B stays admin' }).expect(200);
    expect(await roleOf(adminB.id)).toEqual({ role: 'admin', active: true });
  });

  it('demotes and deactivates at once, audited; reactivating a manager waits for approval', async () => {
    const manager = await t.userToken('manager');
    const demoted = await t.http().patch(`/v1/users/${manager.id}`).set(as(adminA)).send({ role: 'technician' }).expect(200);
    expect(demoted.body).toMatchObject({ role: 'technician', pendingGrant: null });
    expect(await releaseStatus(manager)).toBe(401);
    expect(await releaseStatus({ ...manager, token: await signIn(manager.email) })).toBe(403);

    const other = await t.userToken('manager');
    await t.http().patch(`/v1/users/${other.id}`).set(as(adminA)).send({ active: false }).expect(200);
    expect(await roleOf(other.id)).toEqual({ role: 'manager', active: false });
    const back = await t.http().patch(`/v1/users/${other.id}`).set(as(adminA)).send({ active: true }).expect(202);
    expect((back.body as PendingUserChangeDto).approval).toMatchObject({
      summary: `Reactivate ${await labelOf(other)} as manager; approving issues a new temporary password to you`,
      payload: { role: 'manager', activate: true },
    });
    expect(await roleOf(other.id)).toEqual({ role: 'manager', active: false });
    await approveAs(t, adminB.token, (back.body as PendingUserChangeDto).approval.id);
    expect(await roleOf(other.id)).toEqual({ role: 'manager', active: true });

    const trail = await auditOf(manager.id);
    expect(trail.map((e) => [e.action, e.actor_label])).toEqual([
      ['user.created', 'labtrace'],
      ['user.updated', await labelOf(adminA)],
    ]);
    expect(trail[1]).toMatchObject({ before: { role: 'manager' }, after: { role: 'technician' } });
  });

  describe('putting a rule set in force', () => {
    const today = new Date().toISOString().slice(0, 10);
    const csv = [
      '# name: ocm-two-person-test',
      `# effectiveDate: ${today}`,
      '# source: OCM Laboratory Testing Limits, test revision',
      'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
      'flower,metals,lead,lte,,0.1,µg/g,NY,OCM table rev. B',
    ].join('\n');
    let uploaded: LimitSetUploadDto;
    const inForceName = async () => (await t.app.get(LimitSetsService).inForce('flower')).set.name;

    it('stores admin A’s upload pending (202) and keeps the built-in set in force', async () => {
      const res = await t.http().post('/v1/limit-sets').set(as(adminA)).attach('file', Buffer.from(csv), 'limits.csv').expect(202);
      uploaded = res.body as LimitSetUploadDto;
      expect(uploaded.limitSet).toMatchObject({ name: 'ocm-two-person-test', status: 'pending', decidedBy: null, decidedAt: null, ruleCount: 1 });
      expect(uploaded.approval).toMatchObject({
        kind: 'rule_set_activation',
        subjectType: 'limit_set',
        subjectId: uploaded.limitSet.id,
        status: 'pending',
        summary: `Put limit set ocm-two-person-test in force from ${today} (1 rule; OCM Laboratory Testing Limits, test revision)`,
        requestedBy: { id: adminA.id },
        youMayDecide: false,
      });
      expect(await inForceName()).toBe('ny-ocm-2025-draft');
      const listed = (await t.http().get('/v1/limit-sets').set(as(adminB)).expect(200)).body as LimitSetDto[];
      expect(listed.map((s) => [s.name, s.status])).toEqual([
        ['ocm-two-person-test', 'pending'],
        ['ny-ocm-2025-draft', 'approved'],
      ]);
      expect(listed[1].decidedBy).toBe('labtrace');
    });

    it('refuses A’s own approval; B’s approval puts it in force, audited with both names', async () => {
      const own = await t.http().post(`/v1/approvals/${uploaded.approval.id}/approve`).set(as(adminA)).expect(403);
      expect((own.body as ErrorBody).error).toBe('CANNOT_APPROVE_OWN_REQUEST');
      expect(await inForceName()).toBe('ny-ocm-2025-draft');

      await approveAs(t, adminB.token, uploaded.approval.id);
      expect(await inForceName()).toBe('ocm-two-person-test');
      const detail = (await t.http().get(`/v1/limit-sets/${uploaded.limitSet.id}`).set(as(adminA)).expect(200)).body as LimitSetDto;
      expect(detail).toMatchObject({ status: 'approved', decidedBy: await labelOf(adminB), loadedBy: await labelOf(adminA) });

      const trail = await auditOf(uploaded.limitSet.id);
      expect(trail.map((e) => [e.action, e.actor_label])).toEqual([
        ['limit_set.loaded', await labelOf(adminA)],
        ['approval.requested', await labelOf(adminA)],
        ['approval.refused', await labelOf(adminA)],
        ['approval.approved', await labelOf(adminB)],
      ]);
      expect(trail[3].after).toMatchObject({ requestedBy: await labelOf(adminA), decidedBy: await labelOf(adminB), result: { status: 'approved' } });
    });

    it('keeps the decision final in the database itself', async () => {
      await expect(t.sql(`UPDATE rule_sets SET status = 'rejected' WHERE id = $1`, [uploaded.limitSet.id])).rejects.toThrow(/append-only/);
      await expect(t.sql(`UPDATE approval_requests SET status = 'rejected', reason = 'x' WHERE id = $1`, [uploaded.approval.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.sql(`DELETE FROM approval_requests`)).rejects.toThrow(/append-only/);
    });
  });

  it('keeps the queue to admins and checks ids', async () => {
    const manager = await t.userToken('manager');
    await t.http().get('/v1/approvals').set(as(manager)).expect(403);
    await t.http().post(`/v1/approvals/${randomUUID()}/approve`).set(as(manager)).expect(403);
    await t.http().post('/v1/approvals/not-a-uuid/approve').set(as(adminA)).expect(400);
    const missing = await t.http().post(`/v1/approvals/${randomUUID()}/approve`).set(as(adminB)).expect(404);
    expect((missing.body as ErrorBody).error).toBe('APPROVAL_NOT_FOUND');
    await t.http().get('/v1/approvals?status=maybe').set(as(adminA)).expect(400);
    const all = (await t.http().get('/v1/approvals?status=all').set(as(adminA)).expect(200)).body as ApprovalRequestDto[];
    expect(new Set(all.map((a) => a.status))).toEqual(new Set(['approved', 'rejected']));
  });
});
