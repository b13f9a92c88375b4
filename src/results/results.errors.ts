import { assertUnreachable, DomainError } from '../common/domain-error';

export enum ResultsErrorCode {
  INVALID_RESULTS = 'INVALID_RESULTS',
  SAMPLE_NOT_OPEN = 'SAMPLE_NOT_OPEN',
  QC_FLAG_NOT_FOUND = 'QC_FLAG_NOT_FOUND',
  NOT_TESTED_MARK_NOT_FOUND = 'NOT_TESTED_MARK_NOT_FOUND',
  /** The person whose import raised a QC flag, or who wrote the results it concerns, may not resolve it. */
  QC_FLAG_SELF_RESOLUTION = 'QC_FLAG_SELF_RESOLUTION',
  /** The sample's results are no longer under review (released, rejected, not received): its flags stay as they are. */
  QC_FLAG_CLOSED = 'QC_FLAG_CLOSED',
  /** A hand entry would change or remove results already recorded, and says no reason why. */
  REASON_REQUIRED = 'REASON_REQUIRED',
}

export class ResultsError extends DomainError<ResultsErrorCode> {
  get status(): number {
    switch (this.code) {
      case ResultsErrorCode.INVALID_RESULTS:
      case ResultsErrorCode.REASON_REQUIRED:
        return 400;
      case ResultsErrorCode.QC_FLAG_SELF_RESOLUTION:
        return 403;
      case ResultsErrorCode.QC_FLAG_NOT_FOUND:
      case ResultsErrorCode.NOT_TESTED_MARK_NOT_FOUND:
        return 404;
      case ResultsErrorCode.SAMPLE_NOT_OPEN:
      case ResultsErrorCode.QC_FLAG_CLOSED:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
