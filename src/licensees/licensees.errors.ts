import { assertUnreachable, DomainError } from '../common/domain-error';

export enum LicenseeErrorCode {
  LICENSEE_NOT_FOUND = 'LICENSEE_NOT_FOUND',
  LICENSEE_EXISTS = 'LICENSEE_EXISTS',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  WEBHOOK_NOT_FOUND = 'WEBHOOK_NOT_FOUND',
  RATE_LIMITED = 'RATE_LIMITED',
}

export class LicenseeError extends DomainError<LicenseeErrorCode> {
  retryAfterSeconds?: number;

  get status(): number {
    switch (this.code) {
      case LicenseeErrorCode.LICENSEE_NOT_FOUND:
      case LicenseeErrorCode.API_KEY_NOT_FOUND:
      case LicenseeErrorCode.WEBHOOK_NOT_FOUND:
        return 404;
      case LicenseeErrorCode.LICENSEE_EXISTS:
        return 409;
      case LicenseeErrorCode.RATE_LIMITED:
        return 429;
      default:
        return assertUnreachable(this.code);
    }
  }
}
