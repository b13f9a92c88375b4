import { assertUnreachable, DomainError } from '../common/domain-error';

export enum ResultsErrorCode {
  INVALID_RESULTS = 'INVALID_RESULTS',
  SAMPLE_NOT_OPEN = 'SAMPLE_NOT_OPEN',
  QC_FLAG_NOT_FOUND = 'QC_FLAG_NOT_FOUND',
  NOT_TESTED_MARK_NOT_FOUND = 'NOT_TESTED_MARK_NOT_FOUND',
}

export class ResultsError extends DomainError<ResultsErrorCode> {
  get status(): number {
    switch (this.code) {
      case ResultsErrorCode.INVALID_RESULTS:
        return 400;
      case ResultsErrorCode.QC_FLAG_NOT_FOUND:
      case ResultsErrorCode.NOT_TESTED_MARK_NOT_FOUND:
        return 404;
      case ResultsErrorCode.SAMPLE_NOT_OPEN:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
