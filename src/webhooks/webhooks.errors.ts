import { assertUnreachable, DomainError } from '../common/domain-error';

export enum WebhookErrorCode {
  INVALID_URL = 'INVALID_URL',
  ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND',
}

export class WebhookError extends DomainError<WebhookErrorCode> {
  get status(): number {
    switch (this.code) {
      case WebhookErrorCode.INVALID_URL:
        return 400;
      case WebhookErrorCode.ENDPOINT_NOT_FOUND:
        return 404;
      default:
        return assertUnreachable(this.code);
    }
  }
}
