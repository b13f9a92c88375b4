import type { ApprovalRequestDto } from '../src/auth/approvals/approval.dto';
import type { PendingUserChangeDto } from '../src/auth/dto/user.dto';
import type { PendingPasswordResetDto } from '../src/auth/passwords/pending-password-reset.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { LimitSetDto, LimitSetUploadDto } from '../src/rules/limit-sets/limit-set.dto';
import { createTestApp, TestContext } from './support/test-app';

interface Signed {
  token: string;
  id: string;
  email: string;
}

/**
 * A pending approval request ends without a decision (`cancelled`) in two ways: its requester withdraws
 * it, or its requester stops being an admin (demoted or disabled, at once or on an approved grant), in
 * the same transaction as that change. Either way nothing is applied, and the row says who, when and why.
 */
describe('approval requests withdrawn by their requester, or cancelled when the requester stops being an admin', () => {
  let t: TestContext;
  let adminA: Signed;
  let adminB: Signed;
  let adminC: Signed;
  const as = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const labelOf = async (u: Signed) =>
    (await t.sql<{ label: string }>(`SELECT display_name || ' <' || email || '>' AS label FROM users WHERE id = $1`, [u.id]))[0].label;
  const roleOf = async (id: string) => (await t.sql<{ role: string; active: boolean }>(`SELECT role, active FROM users WHERE id = $1`, [id]))[0];
  const rowOf = async (approvalId: string) =>
    (
      await t.sql<{ status: string; decided_by_id: string | null; decided_by_label: string | null; reason: string | null; decided_at: Date | null }>(
        `SELECT status, decided_by_id, decided_by_label, reason, decided_at FROM approval_requests WHERE id = $1`,
        [approvalId],
      )
    )[0];
  const auditOf = (approvalId: string) =>
    t.sql<{ action: string; actor_label: string; after: Record<string, unknown>; reason: string | null }>(
      `SELECT action, actor_label, after, reason FROM audit_events WHERE after->>'approvalId' = $1 ORDER BY id`,
      [approvalId],
    );
  const grantManager = async (requester: Signed, tech: Signed) =>
    ((await t.http().patch(`/v1/users/${tech.id}`).set(as(requester)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto).approval;
  const withdraw = (u: Signed, approvalId: string, reason = 'Asked for the wrong person') =>
    t.http().post(`/v1/approvals/${approvalId}/withdraw`).set(as(u)).send({ reason });
  const approve = (u: Signed, approvalId: string) => t.http().post(`/v1/approvals/${approvalId}/approve`).set(as(u));
  const listed = async (status: string) =>
    ((await t.http().get(`/v1/approvals?status=${status}`).set(as(adminB)).expect(200)).body as ApprovalRequestDto[]).map((a) => a.id);

  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    adminA = await t.userToken('admin');
    adminB = await t.userToken('admin');
    adminC = await t.userToken('admin');
  });
  afterAll(() => t.close());

  describe('withdrawing', () => {
    it('lets the requester withdraw their pending request: cancelled with their name and reason, audited, out of the queue', async () => {
      const tech = await t.userToken('technician');
      const approval = await grantManager(adminA, tech);
      const queue = (await t.http().get('/v1/approvals').set(as(adminA)).expect(200)).body as ApprovalRequestDto[];
      expect(queue.find((a) => a.id === approval.id)).toMatchObject({ youMayDecide: false, youMayWithdraw: true });
      const seenByB = (await t.http().get(`/v1/approvals/${approval.id}`).set(as(adminB)).expect(200)).body as ApprovalRequestDto;
      expect(seenByB).toMatchObject({ youMayDecide: true, youMayWithdraw: false });

      const res = await withdraw(adminA, approval.id, '  Asked for the wrong person  ').expect(200);
      expect(res.body).toMatchObject({
        id: approval.id,
        status: 'cancelled',
        decidedBy: { id: adminA.id, label: await labelOf(adminA) },
        reason: 'Asked for the wrong person',
        youMayDecide: false,
        youMayWithdraw: false,
      });
      expect(Date.parse((res.body as ApprovalRequestDto).decidedAt!)).toBeGreaterThan(Date.now() - 60_000);
      expect(await listed('pending')).not.toContain(approval.id);
      expect(await listed('cancelled')).toContain(approval.id);

      const trail = await auditOf(approval.id);
      expect(trail.map((e) => [e.action, e.actor_label])).toEqual([
        ['approval.requested', await labelOf(adminA)],
        ['approval.withdrawn', await labelOf(adminA)],
      ]);
      expect(trail[1]).toMatchObject({
        reason: 'Asked for the wrong person',
        after: { kind: 'role_grant', requestedBy: await labelOf(adminA), withdrawnBy: await labelOf(adminA) },
      });

      // Approving it afterwards is refused, and nothing is applied.
      const late = await approve(adminB, approval.id).expect(409);
      expect(late.body).toMatchObject({ error: 'APPROVAL_ALREADY_DECIDED', message: 'This request was cancelled already' });
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE after->>'approvalId' = $1 AND action = 'approval.approved'`, [approval.id])).toEqual([]);
      // The subject is free to be asked about again.
      expect((await grantManager(adminB, tech)).status).toBe('pending');
    });

    it('refuses anyone but the requester with 403, leaving the request pending for a decision', async () => {
      const tech = await t.userToken('technician');
      const approval = await grantManager(adminA, tech);
      const refused = await withdraw(adminB, approval.id).expect(403);
      expect(refused.body).toMatchObject({
        error: 'ONLY_REQUESTER_MAY_WITHDRAW',
        message: 'Only the admin who asked for this may withdraw it; another admin may reject it',
      });
      const manager = await t.userToken('manager');
      expect((await withdraw(manager, approval.id)).status).toBe(403);
      expect((await rowOf(approval.id)).status).toBe('pending');
      expect((await auditOf(approval.id)).map((e) => e.action)).toEqual(['approval.requested']);
    });

    it('answers a second withdrawal, and one of a decided request, with 409; a reason is required', async () => {
      const tech = await t.userToken('technician');
      const approval = await grantManager(adminA, tech);
      const blank = await withdraw(adminA, approval.id, '   ').expect(400);
      expect(JSON.stringify(blank.body)).toContain('reason is required');
      await t.http().post(`/v1/approvals/${approval.id}/withdraw`).set(as(adminA)).send({}).expect(400);

      await withdraw(adminA, approval.id).expect(200);
      const twice = await withdraw(adminA, approval.id, 'again').expect(409);
      expect((twice.body as ErrorBody).error).toBe('APPROVAL_ALREADY_DECIDED');
      expect((await auditOf(approval.id)).map((e) => e.action)).toEqual(['approval.requested', 'approval.withdrawn']);

      const other = await t.userToken('technician');
      const decided = await grantManager(adminA, other);
      await approve(adminB, decided.id).expect(200);
      expect((await withdraw(adminA, decided.id).expect(409)).body).toMatchObject({ message: 'This request was approved already' });
    });

    it('closes a withdrawn rule set upload as out of force', async () => {
      const csv = [
        '# name: ocm-withdrawn-test',
        `# effectiveDate: ${new Date().toISOString().slice(0, 10)}`,
        '# source: OCM Laboratory Testing Limits, withdrawn revision',
        'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
        'flower,metals,lead,lte,,0.1,µg/g,NY,OCM table rev. W',
      ].join('\n');
      const uploaded = (await t.http().post('/v1/limit-sets').set(as(adminA)).attach('file', Buffer.from(csv), 'limits.csv').expect(202))
        .body as LimitSetUploadDto;
      await withdraw(adminA, uploaded.approval.id, 'Wrong revision').expect(200);
      const set = (await t.http().get(`/v1/limit-sets/${uploaded.limitSet.id}`).set(as(adminB)).expect(200)).body as LimitSetDto;
      expect(set).toMatchObject({ status: 'rejected', decidedBy: await labelOf(adminA) });
      expect((await auditOf(uploaded.approval.id))[1]).toMatchObject({
        action: 'approval.withdrawn',
        after: { kind: 'rule_set_activation', result: { name: 'ocm-withdrawn-test', status: 'rejected' } },
      });
      await approve(adminB, uploaded.approval.id).expect(409);
    });
  });

  it('is held by the database too: a cancelled row needs its reason, and only a cancelled one may be closed by its requester', async () => {
    const row = (status: string, decidedBy: string, reason: string | null) =>
      t.sql(
        `INSERT INTO approval_requests (kind, subject_type, subject_id, summary, status, requested_by_id, requested_by_label, decided_by_id, decided_by_label, reason, decided_at)
         VALUES ('role_grant', 'user', gen_random_uuid(), 'x', $1, $2, 'A', $3, 'A', $4, now())`,
        [status, adminA.id, decidedBy, reason],
      );
    await expect(row('cancelled', adminA.id, ' ')).rejects.toThrow(/approval_requests_reason_check/);
    await expect(row('approved', adminA.id, null)).rejects.toThrow(/approval_requests_second_person_check/);
    await expect(row('rejected', adminA.id, 'mine')).rejects.toThrow(/approval_requests_second_person_check/);
    await expect(row('withdrawn', adminB.id, 'theirs')).rejects.toThrow(/approval_requests_status_check/);
    await expect(row('cancelled', adminA.id, 'Changed my mind')).resolves.toEqual([]);
  });

  describe('an admin who stops being one', () => {
    /** A fresh admin with two pending requests (a grant and a reset), and another admin's pending request. */
    async function leavingAdminWithRequests() {
      const leaving = await t.userToken('admin');
      const tech = await t.userToken('technician');
      const manager = await t.userToken('manager');
      const grant = await grantManager(leaving, tech);
      const reset = ((await t.http().post(`/v1/users/${manager.id}/password-reset`).set(as(leaving)).expect(202)).body as PendingPasswordResetDto).approval;
      const othersTech = await t.userToken('technician');
      const others = await grantManager(adminA, othersTech);
      return { leaving, tech, manager, grant, reset, others, othersTech };
    }

    async function expectCancelled(approvalIds: string[], by: Signed, reason: string): Promise<void> {
      for (const id of approvalIds) {
        expect(await rowOf(id)).toMatchObject({ status: 'cancelled', decided_by_id: by.id, decided_by_label: await labelOf(by), reason });
        const trail = await auditOf(id);
        expect(trail.map((e) => e.action)).toEqual(['approval.requested', 'approval.cancelled']);
        expect(trail[1]).toMatchObject({ actor_label: await labelOf(by), reason, after: { cancelledBy: await labelOf(by) } });
      }
    }

    it('demoted at once: their pending requests are cancelled, saying why; approving one is refused and applies nothing', async () => {
      const { leaving, tech, manager, grant, reset, others, othersTech } = await leavingAdminWithRequests();
      await t.http().patch(`/v1/users/${leaving.id}`).set(as(adminC)).send({ role: 'technician' }).expect(200);

      await expectCancelled([grant.id, reset.id], adminC, 'The requester is no longer an administrator (now technician)');
      const late = await approve(adminB, grant.id).expect(409);
      expect((late.body as ErrorBody).error).toBe('APPROVAL_ALREADY_DECIDED');
      await approve(adminB, reset.id).expect(409);
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      expect(await t.sql(`SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'approval.approved'`, [manager.id])).toEqual([]);

      // Another admin's request is untouched, and can still be approved.
      expect((await rowOf(others.id)).status).toBe('pending');
      await approve(adminB, others.id).expect(200);
      expect(await roleOf(othersTech.id)).toEqual({ role: 'manager', active: true });
    });

    it('disabled: the same, the reason saying so', async () => {
      const { leaving, tech, grant, reset, others } = await leavingAdminWithRequests();
      await t.http().patch(`/v1/users/${leaving.id}`).set(as(adminC)).send({ active: false }).expect(200);

      await expectCancelled([grant.id, reset.id], adminC, 'The requester is no longer an administrator (disabled)');
      await approve(adminB, grant.id).expect(409);
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      expect((await rowOf(others.id)).status).toBe('pending');
      await t.http().post(`/v1/approvals/${others.id}/reject`).set(as(adminB)).send({ reason: 'Not needed' }).expect(200);
    });

    it('made manager on approval: cancelled by the approving admin, in the approval’s transaction', async () => {
      const { leaving, tech, grant, reset, others } = await leavingAdminWithRequests();
      const demotion = (await t.http().patch(`/v1/users/${leaving.id}`).set(as(adminC)).send({ role: 'manager' }).expect(202)).body as PendingUserChangeDto;
      // Still an admin while the demotion waits: nothing is cancelled yet.
      expect((await rowOf(grant.id)).status).toBe('pending');

      await approve(adminB, demotion.approval.id).expect(200);
      expect(await roleOf(leaving.id)).toEqual({ role: 'manager', active: true });
      await expectCancelled([grant.id, reset.id], adminB, 'The requester is no longer an administrator (now manager)');
      await approve(adminC, grant.id).expect(409);
      expect(await roleOf(tech.id)).toEqual({ role: 'technician', active: true });
      expect((await rowOf(others.id)).status).toBe('pending');
    });

    it('leaves an admin’s requests alone when only their name changes', async () => {
      const { leaving, grant } = await leavingAdminWithRequests();
      await t.http().patch(`/v1/users/${leaving.id}`).set(as(adminC)).send({ displayName: 'Renamed Admin' }).expect(200);
      expect((await rowOf(grant.id)).status).toBe('pending');
    });
  });
});
