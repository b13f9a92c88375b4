import type { Actor } from '../../common/actor';
import type { ApprovalStatus } from './approval-request.entity';
import { ApprovalErrorCode } from './approval.errors';

/** What the rule needs to know about a request. */
export interface RequestToDecide {
  status: ApprovalStatus;
  requestedById: string | null;
}

/** The requester's account as it stands when the request is decided. */
export interface RequesterStanding {
  role: string;
  active: boolean;
}

export interface Refusal {
  code: ApprovalErrorCode;
  message: string;
}

/**
 * The two-person rule, pure: a pending request is decided by an admin who is not its requester, and
 * not by anyone the request is about (`kindRefusal`, from the kind's handler). Null when allowed.
 */
export function decisionRefusal(request: RequestToDecide, decider: Actor, kindRefusal: string | null = null): Refusal | null {
  if (request.status !== 'pending') {
    return { code: ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, message: `This request was ${request.status} already` };
  }
  if (decider.type !== 'user' || decider.role !== 'admin') {
    return { code: ApprovalErrorCode.APPROVER_NOT_ADMIN, message: 'Only an admin may approve or reject a request' };
  }
  if (request.requestedById !== null && request.requestedById === decider.id) {
    return { code: ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST, message: 'A second admin must decide: you cannot approve or reject your own request' };
  }
  if (kindRefusal) return { code: ApprovalErrorCode.CANNOT_DECIDE_OWN_POWER, message: kindRefusal };
  return null;
}

/**
 * Approving carries out what the requester asked, so it needs them to still be an active admin: a request
 * left by an admin since disabled or demoted is refused (409). Rejecting it stays open to any other admin,
 * so it does not block its subject (one pending request per kind and subject). LabTrace's own (no
 * requester id) never waits. `requester` is null when the account no longer exists.
 */
export function approvalRefusalForRequester(request: RequestToDecide, requester: RequesterStanding | null): Refusal | null {
  if (request.requestedById === null) return null;
  if (requester?.active && requester.role === 'admin') return null;
  const now = !requester ? 'no longer exists' : !requester.active ? 'has been disabled' : `is now ${requester.role}`;
  return {
    code: ApprovalErrorCode.REQUESTER_NO_LONGER_ADMIN,
    message: `The admin who asked for this ${now}, so it cannot be approved; reject it, and ask for it again yourself if it is still wanted`,
  };
}

/**
 * Withdrawing: only the requester takes back their own request, and only while it is pending; a closed
 * one answers 409 whoever asks, as a decision does. Null when allowed.
 */
export function withdrawalRefusal(request: RequestToDecide, actor: Actor): Refusal | null {
  if (request.status !== 'pending') {
    return { code: ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, message: `This request was ${request.status} already` };
  }
  if (actor.type !== 'user' || request.requestedById === null || request.requestedById !== actor.id) {
    return { code: ApprovalErrorCode.ONLY_REQUESTER_MAY_WITHDRAW, message: 'Only the admin who asked for this may withdraw it; another admin may reject it' };
  }
  return null;
}

/**
 * Why an account's pending requests are cancelled once it stands as `now`: null while it is still an
 * active admin, else the reason recorded on each request and in the audit trail.
 */
export function noLongerAdminReason(now: RequesterStanding): string | null {
  const changes = [now.active ? null : 'disabled', now.role === 'admin' ? null : `now ${now.role}`].filter((c) => c !== null);
  return changes.length === 0 ? null : `The requester is no longer an administrator (${changes.join(', ')})`;
}
