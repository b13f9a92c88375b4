import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { auditedRefusal, runAuditingRefusals } from '../../audit/audited-refusal';
import type { Actor } from '../../common/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { ApprovalRequestEntity, ApprovalStatus } from './approval-request.entity';
import { approvalRefusalForRequester, decisionRefusal, noLongerAdminReason, Refusal, RequesterStanding, withdrawalRefusal } from './approval-rules';
import { ApprovalError, ApprovalErrorCode } from './approval.errors';
import { ApprovalsRepository } from './approvals.repository';

/**
 * A secret an approval creates for the approving admin alone (a temporary password): handed back once
 * in the approve answer, never stored in clear, never audited, never shown to the requester.
 */
export interface OneTimeSecret {
  kind: 'temporary_password';
  value: string;
  expiresAt: Date;
}

/** What applying a decision changed, for the audit row: the subject before and after (and a secret kept out of it). */
export interface ApprovalEffect {
  before?: unknown;
  after?: unknown;
  oneTimeSecret?: OneTimeSecret;
}

/** An approved request, and the one-time secret its applying created for the approver, if any. */
export interface ApprovedRequest {
  request: ApprovalRequestEntity;
  oneTimeSecret: OneTimeSecret | null;
}

/**
 * What a module that owns a kind of request supplies: how an approval is applied and a rejection
 * recorded (both inside the decision's transaction), and whom besides the requester it refuses. A
 * request withdrawn or cancelled is closed through `reject` too: nothing is applied either way.
 */
export interface ApprovalHandler {
  /** A reason this decider may not decide this request (e.g. the grant is to themselves), or null. */
  refuseDecider?(request: ApprovalRequestEntity, decider: Actor): string | null;
  approve(request: ApprovalRequestEntity, decider: Actor): Promise<ApprovalEffect>;
  reject(request: ApprovalRequestEntity, decider: Actor, reason: string): Promise<ApprovalEffect>;
}

export interface NewApprovalRequest {
  kind: string;
  subjectType: string;
  subjectId: string;
  summary: string;
  payload: Record<string, unknown>;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The two-person rule for power, for every kind: a request is stored pending and audited; a second
 * admin (never the requester, never whom it is about) approves or rejects it, audited with both names;
 * approving also needs the requester to still be an active admin (approval-rules.ts). Until decided,
 * the requester may withdraw it, and it is cancelled when they stop being an admin (both `cancelled`).
 * Modules register a handler per kind; this service knows no kind.
 */
@Injectable()
export class ApprovalsService {
  private readonly handlers = new Map<string, ApprovalHandler>();

  constructor(
    private readonly repo: ApprovalsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  register(kind: string, handler: ApprovalHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Stores a pending request in the caller's transaction; one pending request per kind and subject. */
  request(request: NewApprovalRequest, requester: Actor): Promise<ApprovalRequestEntity> {
    return this.uow.run(async () => {
      const open = await this.repo.findPending(request.kind, request.subjectId);
      if (open) throw alreadyPending(open);
      let saved: ApprovalRequestEntity;
      try {
        saved = await this.repo.insert({ ...request, requestedById: requester.id ?? null, requestedByLabel: requester.label });
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw alreadyPending(null);
        throw error;
      }
      await this.audit.record({
        actor: requester,
        action: 'approval.requested',
        entityType: request.subjectType,
        entityId: request.subjectId,
        after: { approvalId: saved.id, kind: request.kind, summary: request.summary, payload: request.payload, requestedBy: requester.label },
      });
      return saved;
    });
  }

  /** The requester takes back their own pending request (reason required, as for a rejection); nothing is applied. */
  withdraw(id: string, requester: Actor, reason: string): Promise<ApprovalRequestEntity> {
    return this.uow.run(async () => {
      const request = await this.repo.findById(id, { lock: true });
      if (!request) throw new ApprovalError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `No approval request ${id}`);
      const refused = withdrawalRefusal(request, requester);
      if (refused) throw new ApprovalError(refused.code, refused.message);
      return this.close(request, requester, 'withdrawn', reason.trim());
    });
  }

  /**
   * In the caller's transaction, before the account's row is written (the lock order a decision takes:
   * request, then requester): when `userId` will stand as `now` and that is no longer an active admin,
   * each of their pending requests is cancelled, saying why, audited under `by`. Returns those cancelled.
   */
  cancelForLostStanding(userId: string, now: RequesterStanding, by: Actor): Promise<ApprovalRequestEntity[]> {
    const reason = noLongerAdminReason(now);
    if (reason === null) return Promise.resolve([]);
    return this.uow.run(async () => {
      const cancelled: ApprovalRequestEntity[] = [];
      for (const request of await this.repo.pendingByRequester(userId)) cancelled.push(await this.close(request, by, 'cancelled', reason));
      return cancelled;
    });
  }

  async approve(id: string, decider: Actor): Promise<ApprovedRequest> {
    const { request, effect } = await this.decide(id, decider, 'approved');
    return { request, oneTimeSecret: effect.oneTimeSecret ?? null };
  }

  async reject(id: string, decider: Actor, reason: string): Promise<ApprovalRequestEntity> {
    return (await this.decide(id, decider, 'rejected', reason.trim())).request;
  }

  list(status?: ApprovalStatus, kind?: string): Promise<ApprovalRequestEntity[]> {
    return this.repo.list(status, kind);
  }

  async get(id: string): Promise<ApprovalRequestEntity> {
    const found = await this.repo.findById(id);
    if (!found) throw new ApprovalError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `No approval request ${id}`);
    return found;
  }

  /** The open request of a kind about a subject, if any. */
  pendingFor(kind: string, subjectId: string): Promise<ApprovalRequestEntity | null> {
    return this.repo.findPending(kind, subjectId);
  }

  /** The newest request of a kind about a subject, whatever became of it. */
  latestFor(kind: string, subjectId: string): Promise<ApprovalRequestEntity | null> {
    return this.repo.latestFor(kind, subjectId);
  }

  /** Whether this viewer could decide the request now: what the console uses to show or hide its buttons. */
  mayDecide(request: ApprovalRequestEntity, viewer: Actor): boolean {
    return this.refusal(request, viewer) === null;
  }

  /** Whether this viewer could withdraw the request now: their own, still pending. */
  mayWithdraw(request: ApprovalRequestEntity, viewer: Actor): boolean {
    return withdrawalRefusal(request, viewer) === null;
  }

  private refusal(request: ApprovalRequestEntity, decider: Actor) {
    const handler = this.handlers.get(request.kind);
    return decisionRefusal(request, decider, handler?.refuseDecider?.(request, decider) ?? null);
  }

  private async requesterRefusal(request: ApprovalRequestEntity) {
    const standing = request.requestedById === null ? null : await this.repo.requesterStanding(request.requestedById);
    return approvalRefusalForRequester(request, standing);
  }

  private decide(
    id: string,
    decider: Actor,
    status: 'approved' | 'rejected',
    reason?: string,
  ): Promise<{ request: ApprovalRequestEntity; effect: ApprovalEffect }> {
    // Deciding one's own request, or one about oneself, is audited (approval.refused) though nothing else is kept.
    return runAuditingRefusals(this.uow, this.audit, async () => {
      const request = await this.repo.findById(id, { lock: true });
      if (!request) throw new ApprovalError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `No approval request ${id}`);
      const refused = this.refusal(request, decider) ?? (status === 'approved' ? await this.requesterRefusal(request) : null);
      if (refused) throw decisionRefused(request, decider, status, refused);
      const handler = this.handlers.get(request.kind);
      if (!handler) throw new ApprovalError(ApprovalErrorCode.UNKNOWN_APPROVAL_KIND, `No module handles approval requests of kind ${request.kind}`);

      const effect = status === 'approved' ? await handler.approve(request, decider) : await handler.reject(request, decider, reason ?? '');
      const decision = { status, decidedById: decider.id ?? null, decidedByLabel: decider.label, reason: reason ?? null, decidedAt: new Date() };
      await this.repo.decide(request.id, decision);
      await this.audit.record({
        actor: decider,
        action: `approval.${status}`,
        entityType: request.subjectType,
        entityId: request.subjectId,
        before: effect.before,
        after: {
          approvalId: request.id,
          kind: request.kind,
          summary: request.summary,
          requestedBy: request.requestedByLabel,
          decidedBy: decider.label,
          ...(effect.after === undefined ? {} : { result: effect.after }),
        },
        reason,
      });
      // The effect's one-time secret goes back to the approver only: the audit above took before and after.
      return { request: Object.assign(request, decision), effect };
    });
  }

  /**
   * Closes a locked pending request unapplied, as `cancelled`: withdrawn by its requester, or cancelled by
   * whoever took their admin role away. The kind's handler closes what waited on it (a rule set stays out
   * of force); a kind with no handler here had nothing waiting.
   */
  private async close(request: ApprovalRequestEntity, by: Actor, how: 'withdrawn' | 'cancelled', reason: string): Promise<ApprovalRequestEntity> {
    const effect = (await this.handlers.get(request.kind)?.reject(request, by, reason)) ?? {};
    const closing = { status: 'cancelled' as const, decidedById: by.id ?? null, decidedByLabel: by.label, reason, decidedAt: new Date() };
    await this.repo.decide(request.id, closing);
    await this.audit.record({
      actor: by,
      action: `approval.${how}`,
      entityType: request.subjectType,
      entityId: request.subjectId,
      before: effect.before,
      after: {
        approvalId: request.id,
        kind: request.kind,
        summary: request.summary,
        requestedBy: request.requestedByLabel,
        [how === 'withdrawn' ? 'withdrawnBy' : 'cancelledBy']: by.label,
        ...(effect.after === undefined ? {} : { result: effect.after }),
      },
      reason,
    });
    return Object.assign(request, closing);
  }
}

/** The two-person refusals (the decider asked for it, or it is about them) are marked for the audit trail; the others are plain answers. */
function decisionRefused(request: ApprovalRequestEntity, decider: Actor, status: 'approved' | 'rejected', refused: Refusal): ApprovalError {
  const error = new ApprovalError(refused.code, refused.message);
  if (refused.code !== ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST && refused.code !== ApprovalErrorCode.CANNOT_DECIDE_OWN_POWER) return error;
  const after = {
    code: refused.code,
    decision: status === 'approved' ? 'approve' : 'reject',
    approvalId: request.id,
    kind: request.kind,
    summary: request.summary,
    requestedBy: request.requestedByLabel,
  };
  return auditedRefusal(error, {
    actor: decider,
    action: 'approval.refused',
    entityType: request.subjectType,
    entityId: request.subjectId,
    after,
    reason: refused.message,
  });
}

function alreadyPending(open: ApprovalRequestEntity | null): ApprovalError {
  const what = open ? `: ${open.summary}, asked by ${open.requestedByLabel}` : '';
  return new ApprovalError(
    ApprovalErrorCode.APPROVAL_ALREADY_PENDING,
    `A request about this is already waiting for approval${what}; approve or reject it first`,
    open ? { approvalId: open.id } : undefined,
  );
}
