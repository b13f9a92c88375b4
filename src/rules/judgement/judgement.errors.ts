import { assertUnreachable, DomainError } from '../../common/domain-error';

export enum JudgementErrorCode {
  UNKNOWN_UNIT = 'UNKNOWN_UNIT',
  UNITS_NOT_CONVERTIBLE = 'UNITS_NOT_CONVERTIBLE',
  INVALID_DECIMAL = 'INVALID_DECIMAL',
  INVALID_RESULT = 'INVALID_RESULT',
  INVALID_LIMIT_RULE = 'INVALID_LIMIT_RULE',
  UNKNOWN_ANALYTE = 'UNKNOWN_ANALYTE',
  COMPUTED_ANALYTE_INPUT = 'COMPUTED_ANALYTE_INPUT',
}

/** Errors of the pure judgement core (units, totals, limits). */
export class JudgementError extends DomainError<JudgementErrorCode> {
  get status(): number {
    switch (this.code) {
      case JudgementErrorCode.UNKNOWN_UNIT:
      case JudgementErrorCode.UNITS_NOT_CONVERTIBLE:
      case JudgementErrorCode.INVALID_DECIMAL:
      case JudgementErrorCode.INVALID_RESULT:
      case JudgementErrorCode.UNKNOWN_ANALYTE:
      case JudgementErrorCode.COMPUTED_ANALYTE_INPUT:
        return 400;
      // A stored limit rule that cannot be applied is a data fault on our side, not the caller's.
      case JudgementErrorCode.INVALID_LIMIT_RULE:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
