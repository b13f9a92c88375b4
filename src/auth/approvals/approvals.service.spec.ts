import type { Actor } from '../../common/actor';
import type { ApprovalRequestEntity } from './approval-request.entity';
import { ApprovalError, ApprovalErrorCode } from './approval.errors';
import { inMemoryApprovalsService } from './approvals.spec-kit';

const ANN: Actor = { type: 'user', id: 'a1', label: 'Ann <ann@lab>', role: 'admin' };
const BO: Actor = { type: 'user', id: 'b2', label: 'Bo <bo@lab>', role: 'admin' };
const SUBJECT = '11111111-1111-4111-8111-111111111111';
const widget = { kind: 'widget_switch', subjectType: 'widget', subjectId: SUBJECT, summary: 'Switch the widget on', payload: { on: true } };

async function refusal(work: Promise<unknown>): Promise<ApprovalError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApprovalError);
  return error as ApprovalError;
}

/** A kind that records what it was asked to do, and, when asked to, refuses Bo (its own rule). */
function widgetKind(refuseBo = false) {
  const applied: string[] = [];
  return {
    applied,
    handler: {
      refuseDecider: (_: ApprovalRequestEntity, decider: Actor) => (refuseBo && decider.id === 'b2' ? 'Bo may not switch widgets' : null),
      approve: async (r: ApprovalRequestEntity) => {
        applied.push(`on:${r.subjectId}`);
        return { before: { on: false }, after: { on: true } };
      },
      reject: async (_: ApprovalRequestEntity, __: Actor, reason: string) => {
        applied.push(`kept:${reason}`);
        return {};
      },
    },
  };
}

describe('ApprovalsService (any kind, through its registered handler)', () => {
  it('stores a request pending and audits it on its subject under the requester', async () => {
    const { approvals, audits } = inMemoryApprovalsService();
    const request = await approvals.request(widget, ANN);
    expect(request).toMatchObject({ ...widget, status: 'pending', requestedById: 'a1', requestedByLabel: 'Ann <ann@lab>', decidedByLabel: null });
    expect(audits).toEqual([
      {
        actor: ANN,
        action: 'approval.requested',
        entityType: 'widget',
        entityId: SUBJECT,
        after: { approvalId: request.id, kind: 'widget_switch', summary: 'Switch the widget on', payload: { on: true }, requestedBy: 'Ann <ann@lab>' },
      },
    ]);
  });

  it('refuses a second pending request about the same subject, naming the first', async () => {
    const { approvals } = inMemoryApprovalsService();
    const first = await approvals.request(widget, ANN);
    const error = await refusal(approvals.request(widget, BO));
    expect([error.code, error.status, error.details]).toEqual([ApprovalErrorCode.APPROVAL_ALREADY_PENDING, 409, { approvalId: first.id }]);
    expect(error.message).toBe(
      'A request about this is already waiting for approval: Switch the widget on, asked by Ann <ann@lab>; approve or reject it first',
    );
  });

  it('applies an approval through the handler once, audited with both names', async () => {
    const { approvals, audits } = inMemoryApprovalsService();
    const kind = widgetKind();
    approvals.register('widget_switch', kind.handler);
    const request = await approvals.request(widget, ANN);
    const decided = await approvals.approve(request.id, BO);
    expect(decided.request).toMatchObject({ status: 'approved', decidedById: 'b2', decidedByLabel: 'Bo <bo@lab>', reason: null });
    expect(decided.oneTimeSecret).toBeNull();
    expect(kind.applied).toEqual([`on:${SUBJECT}`]);
    expect(audits[1]).toEqual({
      actor: BO,
      action: 'approval.approved',
      entityType: 'widget',
      entityId: SUBJECT,
      before: { on: false },
      after: {
        approvalId: request.id,
        kind: 'widget_switch',
        summary: 'Switch the widget on',
        requestedBy: 'Ann <ann@lab>',
        decidedBy: 'Bo <bo@lab>',
        result: { on: true },
      },
      reason: undefined,
    });
    expect((await refusal(approvals.reject(request.id, BO, 'late'))).code).toBe(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED);
    expect(kind.applied).toHaveLength(1);
  });

  it("hands the kind's one-time secret to the approver alone: in the answer, neither in the audit nor on the request", async () => {
    const { approvals, audits, table } = inMemoryApprovalsService();
    const expiresAt = new Date(Date.UTC(2026, 0, 4));
    approvals.register('widget_switch', {
      approve: async () => ({ after: { keyed: true }, oneTimeSecret: { kind: 'temporary_password', value: 'only-for-bo-0123', expiresAt } }),
      reject: async () => ({}),
    });
    const request = await approvals.request(widget, ANN);
    const decided = await approvals.approve(request.id, BO);
    expect(decided.oneTimeSecret).toEqual({ kind: 'temporary_password', value: 'only-for-bo-0123', expiresAt });
    expect(audits[1].after).toMatchObject({ decidedBy: 'Bo <bo@lab>', result: { keyed: true } });
    expect(JSON.stringify([audits, table.rows, decided.request])).not.toContain('only-for-bo-0123');
  });

  it('records a rejection with its trimmed reason and applies nothing', async () => {
    const { approvals, audits } = inMemoryApprovalsService();
    const kind = widgetKind();
    approvals.register('widget_switch', kind.handler);
    const request = await approvals.request(widget, ANN);
    await approvals.reject(request.id, BO, '  not today  ');
    expect(await approvals.get(request.id)).toMatchObject({ status: 'rejected', reason: 'not today', decidedByLabel: 'Bo <bo@lab>' });
    expect(kind.applied).toEqual(['kept:not today']);
    expect(audits[1]).toMatchObject({ action: 'approval.rejected', reason: 'not today', after: { requestedBy: 'Ann <ann@lab>', decidedBy: 'Bo <bo@lab>' } });
    // A rejected subject can be asked about again.
    await expect(approvals.request(widget, ANN)).resolves.toMatchObject({ status: 'pending' });
  });

  it("refuses the requester and whoever the kind refuses, and says so to the console's question", async () => {
    const { approvals } = inMemoryApprovalsService();
    approvals.register('widget_switch', widgetKind(true).handler);
    const request = await approvals.request(widget, ANN);
    expect([approvals.mayDecide(request, ANN), approvals.mayDecide(request, BO)]).toEqual([false, false]);
    expect((await refusal(approvals.approve(request.id, ANN))).code).toBe(ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST);
    const own = await refusal(approvals.approve(request.id, BO));
    expect([own.code, own.status, own.message]).toEqual([ApprovalErrorCode.CANNOT_DECIDE_OWN_POWER, 403, 'Bo may not switch widgets']);
    expect(await approvals.get(request.id)).toMatchObject({ status: 'pending' });
  });

  it('refuses to approve a request whose requester was since disabled or demoted (409), applying nothing; a rejection clears it', async () => {
    const { approvals, table } = inMemoryApprovalsService();
    const kind = widgetKind();
    approvals.register('widget_switch', kind.handler);
    const request = await approvals.request(widget, ANN);
    table.standings.set('a1', { role: 'admin', active: false });
    const off = await refusal(approvals.approve(request.id, BO));
    expect([off.code, off.status, off.message]).toEqual([
      ApprovalErrorCode.REQUESTER_NO_LONGER_ADMIN,
      409,
      'The admin who asked for this has been disabled, so it cannot be approved; reject it, and ask for it again yourself if it is still wanted',
    ]);
    table.standings.set('a1', { role: 'technician', active: true });
    expect((await refusal(approvals.approve(request.id, BO))).message).toMatch(/^The admin who asked for this is now technician,/);
    expect(kind.applied).toEqual([]);
    expect(await approvals.get(request.id)).toMatchObject({ status: 'pending' });
    await approvals.reject(request.id, BO, 'Ann left');
    expect(kind.applied).toEqual(['kept:Ann left']);
  });

  it('answers 404 for an unknown id and 500 for a kind no module handles', async () => {
    const { approvals } = inMemoryApprovalsService();
    const missing = await refusal(approvals.approve('22222222-2222-4222-8222-222222222222', BO));
    expect([missing.code, missing.status]).toEqual([ApprovalErrorCode.APPROVAL_NOT_FOUND, 404]);
    const request = await approvals.request(widget, ANN);
    const unhandled = await refusal(approvals.approve(request.id, BO));
    expect([unhandled.code, unhandled.status]).toEqual([ApprovalErrorCode.UNKNOWN_APPROVAL_KIND, 500]);
  });

  it('lets the requester withdraw their pending request: cancelled with their trimmed reason, closed through the kind, audited', async () => {
    const { approvals, audits } = inMemoryApprovalsService();
    const kind = widgetKind();
    approvals.register('widget_switch', kind.handler);
    const request = await approvals.request(widget, ANN);
    expect([approvals.mayWithdraw(request, ANN), approvals.mayWithdraw(request, BO)]).toEqual([true, false]);
    const other = await refusal(approvals.withdraw(request.id, BO, 'mine now'));
    expect([other.code, other.status]).toEqual([ApprovalErrorCode.ONLY_REQUESTER_MAY_WITHDRAW, 403]);

    const withdrawn = await approvals.withdraw(request.id, ANN, '  wrong widget  ');
    expect(withdrawn).toMatchObject({ status: 'cancelled', decidedById: 'a1', decidedByLabel: 'Ann <ann@lab>', reason: 'wrong widget' });
    expect(kind.applied).toEqual(['kept:wrong widget']);
    expect(audits[1]).toEqual({
      actor: ANN,
      action: 'approval.withdrawn',
      entityType: 'widget',
      entityId: SUBJECT,
      before: undefined,
      after: { approvalId: request.id, kind: 'widget_switch', summary: 'Switch the widget on', requestedBy: 'Ann <ann@lab>', withdrawnBy: 'Ann <ann@lab>' },
      reason: 'wrong widget',
    });
    const again = await refusal(approvals.withdraw(request.id, ANN, 'again'));
    expect([again.code, again.status, again.message]).toEqual([ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, 409, 'This request was cancelled already']);
    expect((await refusal(approvals.approve(request.id, BO))).code).toBe(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED);
    expect(kind.applied).toEqual(['kept:wrong widget']);
    // Its subject can be asked about again.
    await expect(approvals.request(widget, ANN)).resolves.toMatchObject({ status: 'pending' });
  });

  it('cancels the pending requests of an account that stops being an admin, and only theirs, saying why', async () => {
    const { approvals, audits, table } = inMemoryApprovalsService();
    const kind = widgetKind();
    approvals.register('widget_switch', kind.handler);
    const annsOne = await approvals.request(widget, ANN);
    const annsTwo = await approvals.request({ ...widget, subjectId: '33333333-3333-4333-8333-333333333333' }, ANN);
    const bos = await approvals.request({ ...widget, subjectId: '44444444-4444-4444-8444-444444444444' }, BO);
    const decided = await approvals.request({ ...widget, subjectId: '55555555-5555-4555-8555-555555555555' }, ANN);
    await approvals.reject(decided.id, BO, 'no');
    const CARL: Actor = { type: 'user', id: 'c3', label: 'Carl <carl@lab>', role: 'admin' };

    expect(await approvals.cancelForLostStanding('a1', { role: 'admin', active: true }, CARL)).toEqual([]);
    const cancelled = await approvals.cancelForLostStanding('a1', { role: 'technician', active: true }, CARL);
    expect(cancelled.map((r) => r.id)).toEqual([annsOne.id, annsTwo.id]);
    const reason = 'The requester is no longer an administrator (now technician)';
    for (const r of cancelled) expect(r).toMatchObject({ status: 'cancelled', decidedById: 'c3', decidedByLabel: 'Carl <carl@lab>', reason });
    expect(audits.filter((a) => a.action === 'approval.cancelled').map((a) => [a.actor, a.reason, (a.after as { cancelledBy: string }).cancelledBy])).toEqual([
      [CARL, reason, 'Carl <carl@lab>'],
      [CARL, reason, 'Carl <carl@lab>'],
    ]);
    expect(table.rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'pending', 'rejected']);
    expect(await approvals.get(bos.id)).toMatchObject({ status: 'pending' });
    expect(kind.applied).toEqual(['kept:no', `kept:${reason}`, `kept:${reason}`]);
  });
});
