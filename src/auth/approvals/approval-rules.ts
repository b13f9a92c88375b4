import type { Actor } from '../../common/actor';
import { ApprovalErrorCode } from './approval.errors';

/** What the rule needs to know about a request. */
export interface RequestToDecide {
  status: 'pending' | 'approved' | 'rejected';
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
