import { assertUnreachable, DomainError } from '../common/domain-error';

/** Each kind of rule set has its own four codes, so a caller's answer names what it sent. */
export enum RulesErrorCode {
  INVALID_LIMIT_SET = 'INVALID_LIMIT_SET',
  LIMIT_SET_EXISTS = 'LIMIT_SET_EXISTS',
  LIMIT_SET_NOT_FOUND = 'LIMIT_SET_NOT_FOUND',
  NO_LIMIT_SET = 'NO_LIMIT_SET',
  INVALID_PANEL_SET = 'INVALID_PANEL_SET',
  PANEL_SET_EXISTS = 'PANEL_SET_EXISTS',
  PANEL_SET_NOT_FOUND = 'PANEL_SET_NOT_FOUND',
  NO_PANEL_SET = 'NO_PANEL_SET',
  INVALID_METHOD_SET = 'INVALID_METHOD_SET',
  METHOD_SET_EXISTS = 'METHOD_SET_EXISTS',
  METHOD_SET_NOT_FOUND = 'METHOD_SET_NOT_FOUND',
  NO_METHOD_SET = 'NO_METHOD_SET',
}

export class RulesError extends DomainError<RulesErrorCode> {
  get status(): number {
    switch (this.code) {
      case RulesErrorCode.INVALID_LIMIT_SET:
      case RulesErrorCode.INVALID_PANEL_SET:
      case RulesErrorCode.INVALID_METHOD_SET:
        return 400;
      case RulesErrorCode.LIMIT_SET_NOT_FOUND:
      case RulesErrorCode.PANEL_SET_NOT_FOUND:
      case RulesErrorCode.METHOD_SET_NOT_FOUND:
        return 404;
      case RulesErrorCode.LIMIT_SET_EXISTS:
      case RulesErrorCode.PANEL_SET_EXISTS:
      case RulesErrorCode.METHOD_SET_EXISTS:
        return 409;
      // No rule set in force is the lab's misconfiguration, not the caller's mistake.
      case RulesErrorCode.NO_LIMIT_SET:
      case RulesErrorCode.NO_PANEL_SET:
      case RulesErrorCode.NO_METHOD_SET:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
