import { assertUnreachable, DomainError } from '../common/domain-error';

export enum ResultsErrorCode {
  INVALID_RESULTS = 'INVALID_RESULTS',
  SAMPLE_NOT_OPEN = 'SAMPLE_NOT_OPEN',
  INVALID_LIMIT_SET = 'INVALID_LIMIT_SET',
  LIMIT_SET_EXISTS = 'LIMIT_SET_EXISTS',
  LIMIT_SET_NOT_FOUND = 'LIMIT_SET_NOT_FOUND',
  NO_LIMIT_SET = 'NO_LIMIT_SET',
  NOT_RELEASABLE = 'NOT_RELEASABLE',
  RELEASE_FORBIDDEN = 'RELEASE_FORBIDDEN',
  COA_NOT_FOUND = 'COA_NOT_FOUND',
  QC_FLAG_NOT_FOUND = 'QC_FLAG_NOT_FOUND',
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  INVALID_IMPORT_REQUEST = 'INVALID_IMPORT_REQUEST',
  UNREADABLE_FILE = 'UNREADABLE_FILE',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  COA_LAYOUT_UNKNOWN = 'COA_LAYOUT_UNKNOWN',
  COA_UNREADABLE = 'COA_UNREADABLE',
  COA_SAMPLE_NOT_MATCHED = 'COA_SAMPLE_NOT_MATCHED',
}

export class ResultsError extends DomainError<ResultsErrorCode> {
  get status(): number {
    switch (this.code) {
      case ResultsErrorCode.INVALID_RESULTS:
      case ResultsErrorCode.INVALID_LIMIT_SET:
      case ResultsErrorCode.INVALID_IMPORT_REQUEST:
      case ResultsErrorCode.UNREADABLE_FILE:
        return 400;
      case ResultsErrorCode.RELEASE_FORBIDDEN:
        return 403;
      case ResultsErrorCode.LIMIT_SET_NOT_FOUND:
      case ResultsErrorCode.COA_NOT_FOUND:
      case ResultsErrorCode.QC_FLAG_NOT_FOUND:
      case ResultsErrorCode.IMPORT_NOT_FOUND:
        return 404;
      case ResultsErrorCode.SAMPLE_NOT_OPEN:
      case ResultsErrorCode.LIMIT_SET_EXISTS:
      case ResultsErrorCode.NOT_RELEASABLE:
        return 409;
      case ResultsErrorCode.FILE_TOO_LARGE:
        return 413;
      case ResultsErrorCode.COA_LAYOUT_UNKNOWN:
      case ResultsErrorCode.COA_UNREADABLE:
      case ResultsErrorCode.COA_SAMPLE_NOT_MATCHED:
        return 422;
      case ResultsErrorCode.NO_LIMIT_SET:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
