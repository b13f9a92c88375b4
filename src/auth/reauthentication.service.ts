import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../common/actor';
import { verifyPassword } from './password-hasher';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { ThrottleUnavailableError } from './throttle/throttle-unavailable';
import { UsersRepository } from './users.repository';

type UserActor = Extract<Actor, { type: 'user' }>;

/** Who proved, by re-entering their password, that they are the signed-in user. */
export interface ReauthenticatedUser {
  id: string;
  displayName: string;
  email: string;
}

/**
 * A signed-in user re-enters their password to sign something (an electronic signature). A stolen
 * session must not become a way to guess the password, so this is throttled exactly like a sign-in:
 * refused with 429 while the account or the address waits or is locked, and a wrong password counts
 * as a failed sign-in (429 when it locks); the attempt is counted before the check and taken back when
 * the password is right. Answers null for a wrong password; the caller says why.
 *
 * With Redis down the check goes on uncounted (logged), unlike sign-in: the signer already holds a
 * session won through a throttled sign-in, and releases must keep working through a Redis outage.
 */
@Injectable()
export class Reauthentication {
  private readonly logger = new Logger(Reauthentication.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: SignInThrottle,
  ) {}

  async confirm(actor: UserActor, password: string, address: string): Promise<ReauthenticatedUser | null> {
    const user = await this.users.findById(actor.id);
    if (!user?.active) return null;
    // Counted before the check (and taken back when right), so a burst of signatures gets no more checks than the policy allows.
    const attempt = await this.uncountedWithoutRedis('counting the attempt', () => this.throttle.countAttempt(user.email, address));
    const check = () => verifyPassword(user.passwordHash, password);
    if (!(await (attempt ? this.throttle.deciding(attempt, check) : check()))) {
      if (attempt) await this.throttle.signInFailed(attempt, user.id);
      return null;
    }
    if (attempt) await this.throttle.passwordConfirmed(attempt);
    return { id: user.id, displayName: user.displayName, email: user.email };
  }

  /** Runs `work`; without Redis, logs and answers null (the check goes on uncounted). */
  private async uncountedWithoutRedis<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof ThrottleUnavailableError)) throw e;
      this.logger.warn({ msg: `Redis unavailable: ${what} skipped for an electronic signature`, err: e.reason });
      return null;
    }
  }
}
