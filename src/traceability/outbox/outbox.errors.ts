import { assertUnreachable, DomainError } from '../../common/domain-error';

export enum OutboxErrorCode {
  SUBMISSION_NOT_FOUND = 'SUBMISSION_NOT_FOUND',
  NOT_RETRYABLE = 'NOT_RETRYABLE',
}

export class OutboxError extends DomainError<OutboxErrorCode> {
  get status(): number {
    switch (this.code) {
      case OutboxErrorCode.SUBMISSION_NOT_FOUND:
        return 404;
      case OutboxErrorCode.NOT_RETRYABLE:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
