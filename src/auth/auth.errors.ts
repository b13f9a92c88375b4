import { assertUnreachable, DomainError, FieldError } from '../common/domain-error';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  DISPLAY_NAME_TAKEN = 'DISPLAY_NAME_TAKEN',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
  CANNOT_CHANGE_OWN_ROLE = 'CANNOT_CHANGE_OWN_ROLE',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  CURRENT_PASSWORD_INCORRECT = 'CURRENT_PASSWORD_INCORRECT',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  CANNOT_RESET_OWN_PASSWORD = 'CANNOT_RESET_OWN_PASSWORD',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  CROSS_ORIGIN_REFUSED = 'CROSS_ORIGIN_REFUSED',
}

export class AuthError extends DomainError<AuthErrorCode> {
  get status(): number {
    switch (this.code) {
      case AuthErrorCode.WEAK_PASSWORD:
        return 400;
      case AuthErrorCode.INVALID_CREDENTIALS:
      case AuthErrorCode.UNAUTHENTICATED:
        return 401;
      case AuthErrorCode.FORBIDDEN_ROLE:
      case AuthErrorCode.CANNOT_DISABLE_SELF:
      case AuthErrorCode.CANNOT_CHANGE_OWN_ROLE:
      case AuthErrorCode.CURRENT_PASSWORD_INCORRECT:
      case AuthErrorCode.PASSWORD_CHANGE_REQUIRED:
      case AuthErrorCode.CANNOT_RESET_OWN_PASSWORD:
      case AuthErrorCode.CROSS_ORIGIN_REFUSED:
        return 403;
      case AuthErrorCode.USER_NOT_FOUND:
      case AuthErrorCode.SESSION_NOT_FOUND:
        return 404;
      case AuthErrorCode.EMAIL_TAKEN:
      case AuthErrorCode.DISPLAY_NAME_TAKEN:
        return 409;
      case AuthErrorCode.TOO_MANY_ATTEMPTS:
        return 429;
      default:
        return assertUnreachable(this.code);
    }
  }
}

/** A refused password, as a 400 naming the field like the validation pipe's answers. */
export function weakPassword(field: string, message: string): AuthError {
  const details: FieldError[] = [{ field, message }];
  return new AuthError(AuthErrorCode.WEAK_PASSWORD, message, details);
}

/** 429: the global filter sends `retryAfterSeconds` as the Retry-After header. */
export class TooManyAttemptsError extends AuthError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(AuthErrorCode.TOO_MANY_ATTEMPTS, message, { retryAfterSeconds });
  }
}
