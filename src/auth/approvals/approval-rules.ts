import type { Actor } from '../../common/actor';
import { ApprovalErrorCode } from './approval.errors';

/** What the rule needs to know about a request. */
export interface RequestToDecide {
  status: 'pending' | 'approved' | 'rejected';
  requestedById: string | null;
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
