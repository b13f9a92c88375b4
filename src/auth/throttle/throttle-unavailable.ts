import { HttpException, HttpStatus } from '@nestjs/common';

/** Seconds a client is told to wait: Redis restarts in seconds and the store reconnects on its own. */
export const THROTTLE_RETRY_AFTER_SECONDS = 5;

/**
 * The failure counts (Redis) cannot be read or written. Sign-in fails closed with this 503: without the
 * counts a password guesser would be unthrottled. The global filter sends `retryAfterSeconds` as Retry-After.
 */
export class ThrottleUnavailableError extends HttpException {
  readonly retryAfterSeconds = THROTTLE_RETRY_AFTER_SECONDS;

  constructor(readonly reason: string) {
    super(
      {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'SIGN_IN_UNAVAILABLE',
        message: 'Sign-in is unavailable: the store of failed attempts (Redis) does not answer; try again shortly',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
