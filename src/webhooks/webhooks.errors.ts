import { assertUnreachable, DomainError } from '../common/domain-error';

export enum WebhookErrorCode {
  INVALID_URL = 'INVALID_URL',
  ADDRESS_NOT_ALLOWED = 'ADDRESS_NOT_ALLOWED',
  TOO_MANY_ENDPOINTS = 'TOO_MANY_ENDPOINTS',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
  ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND',
}

export class WebhookError extends DomainError<WebhookErrorCode> {
  get status(): number {
    switch (this.code) {
      case WebhookErrorCode.INVALID_URL:
        return 400;
      case WebhookErrorCode.API_KEY_REVOKED:
        return 401;
      case WebhookErrorCode.ENDPOINT_NOT_FOUND:
        return 404;
      case WebhookErrorCode.TOO_MANY_ENDPOINTS:
        return 409;
      case WebhookErrorCode.ADDRESS_NOT_ALLOWED:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
