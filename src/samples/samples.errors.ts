import { assertUnreachable, DomainError } from '../common/domain-error';

export enum SampleErrorCode {
  SAMPLE_NOT_FOUND = 'SAMPLE_NOT_FOUND',
  TRANSFER_CONFLICT = 'TRANSFER_CONFLICT',
  SENDER_NOT_CONFIRMED = 'SENDER_NOT_CONFIRMED',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  NOT_YOUR_LICENSE = 'NOT_YOUR_LICENSE',
  STATE_SYSTEM_REFUSED = 'STATE_SYSTEM_REFUSED',
  STATE_SYSTEM_UNAVAILABLE = 'STATE_SYSTEM_UNAVAILABLE',
  RETEST_NOT_ALLOWED = 'RETEST_NOT_ALLOWED',
  INVALID_CURSOR = 'INVALID_CURSOR',
  INVALID_INPUT = 'INVALID_INPUT',
  /** A receipt time typed in the past needs a reason (recorded in the audit). */
  REASON_REQUIRED = 'REASON_REQUIRED',
  /** A receipt time before the lab knew of the sample (its announcement, state sync or manifest). */
  RECEIPT_BEFORE_ANNOUNCEMENT = 'RECEIPT_BEFORE_ANNOUNCEMENT',
  /** A receipt time typed for a day no panel set covers. */
  NO_PANEL_SET_ON_RECEIPT_DATE = 'NO_PANEL_SET_ON_RECEIPT_DATE',
}

export class SampleError extends DomainError<SampleErrorCode> {
  get status(): number {
    switch (this.code) {
      case SampleErrorCode.SAMPLE_NOT_FOUND:
        return 404;
      case SampleErrorCode.TRANSFER_CONFLICT:
      case SampleErrorCode.SENDER_NOT_CONFIRMED:
      case SampleErrorCode.ILLEGAL_TRANSITION:
      case SampleErrorCode.RETEST_NOT_ALLOWED:
        return 409;
      case SampleErrorCode.NOT_YOUR_LICENSE:
        return 403;
      case SampleErrorCode.STATE_SYSTEM_REFUSED:
        return 502;
      case SampleErrorCode.STATE_SYSTEM_UNAVAILABLE:
        return 503;
      case SampleErrorCode.INVALID_CURSOR:
      case SampleErrorCode.INVALID_INPUT:
      case SampleErrorCode.REASON_REQUIRED:
        return 400;
      case SampleErrorCode.RECEIPT_BEFORE_ANNOUNCEMENT:
      case SampleErrorCode.NO_PANEL_SET_ON_RECEIPT_DATE:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
