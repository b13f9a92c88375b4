import { assertUnreachable, DomainError } from '../../common/domain-error';

export enum ApprovalErrorCode {
  APPROVAL_NOT_FOUND = 'APPROVAL_NOT_FOUND',
  APPROVAL_ALREADY_DECIDED = 'APPROVAL_ALREADY_DECIDED',
  APPROVAL_ALREADY_PENDING = 'APPROVAL_ALREADY_PENDING',
  CANNOT_APPROVE_OWN_REQUEST = 'CANNOT_APPROVE_OWN_REQUEST',
  CANNOT_DECIDE_OWN_POWER = 'CANNOT_DECIDE_OWN_POWER',
  APPROVER_NOT_ADMIN = 'APPROVER_NOT_ADMIN',
  UNKNOWN_APPROVAL_KIND = 'UNKNOWN_APPROVAL_KIND',
  REQUESTER_NO_LONGER_ADMIN = 'REQUESTER_NO_LONGER_ADMIN',
  ONLY_REQUESTER_MAY_WITHDRAW = 'ONLY_REQUESTER_MAY_WITHDRAW',
}

export class ApprovalError extends DomainError<ApprovalErrorCode> {
  get status(): number {
    switch (this.code) {
      case ApprovalErrorCode.APPROVAL_NOT_FOUND:
        return 404;
      case ApprovalErrorCode.APPROVAL_ALREADY_DECIDED:
      case ApprovalErrorCode.APPROVAL_ALREADY_PENDING:
      case ApprovalErrorCode.REQUESTER_NO_LONGER_ADMIN:
        return 409;
      case ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST:
      case ApprovalErrorCode.CANNOT_DECIDE_OWN_POWER:
      case ApprovalErrorCode.APPROVER_NOT_ADMIN:
      case ApprovalErrorCode.ONLY_REQUESTER_MAY_WITHDRAW:
        return 403;
      // A request whose kind no module handles is LabTrace's bug, not the caller's.
      case ApprovalErrorCode.UNKNOWN_APPROVAL_KIND:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
