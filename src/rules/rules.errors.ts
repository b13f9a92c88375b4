import { assertUnreachable, DomainError } from '../common/domain-error';

export enum RulesErrorCode {
  INVALID_LIMIT_SET = 'INVALID_LIMIT_SET',
  LIMIT_SET_EXISTS = 'LIMIT_SET_EXISTS',
  LIMIT_SET_NOT_FOUND = 'LIMIT_SET_NOT_FOUND',
  NO_LIMIT_SET = 'NO_LIMIT_SET',
  NO_PANEL_SET = 'NO_PANEL_SET',
}

export class RulesError extends DomainError<RulesErrorCode> {
  get status(): number {
    switch (this.code) {
      case RulesErrorCode.INVALID_LIMIT_SET:
        return 400;
      case RulesErrorCode.LIMIT_SET_NOT_FOUND:
        return 404;
      case RulesErrorCode.LIMIT_SET_EXISTS:
        return 409;
      // No rule set in force is the lab's misconfiguration, not the caller's mistake.
      case RulesErrorCode.NO_LIMIT_SET:
      case RulesErrorCode.NO_PANEL_SET:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
