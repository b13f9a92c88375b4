import { assertUnreachable, DomainError } from '../common/domain-error';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
  CANNOT_CHANGE_OWN_ROLE = 'CANNOT_CHANGE_OWN_ROLE',
}

export class AuthError extends DomainError<AuthErrorCode> {
  get status(): number {
    switch (this.code) {
      case AuthErrorCode.INVALID_CREDENTIALS:
      case AuthErrorCode.UNAUTHENTICATED:
        return 401;
      case AuthErrorCode.FORBIDDEN_ROLE:
      case AuthErrorCode.CANNOT_DISABLE_SELF:
      case AuthErrorCode.CANNOT_CHANGE_OWN_ROLE:
        return 403;
      case AuthErrorCode.USER_NOT_FOUND:
        return 404;
      case AuthErrorCode.EMAIL_TAKEN:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
