import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../../common/actor';
import { counter } from '../../common/metrics';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { TooManyAttemptsError } from '../auth.errors';
import { retryAfterSeconds, ScopeLimits } from './throttle-policy';
import { ThrottleUnavailableError } from './throttle-unavailable';
import { accountKey, Block, RecordedFailure, Reservation, ThrottleKey, ThrottleStore } from './throttle.store';

const locksTotal = counter('labtrace_auth_locks_total', 'Accounts and client addresses locked after repeated failed sign-ins or API keys', ['scope']);

/** Who a failed attempt was about, for the audit event when it locks. */
export interface AttemptSubject {
  email?: string;
  userId?: string | null;
  address: string;
}

/**
 * A sign-in, e-signature or password-change attempt, counted as a failed sign-in of the account and the
 * address before its password is checked (see SignInThrottle.countAttempt).
 */
export interface SignInAttempt {
  email: string;
  address: string;
  reservation: Reservation;
}

export interface LockState {
  locked: boolean;
  retryAfterSeconds: number | null;
  failures: number;
}

/**
 * Failed sign-ins per account and per client address, and failed licensee API keys per address: the
 * store counts, this refuses with 429 + Retry-After and audits every lock and unlock. A right password
 * during a wait or a lock is refused like any other attempt: it is never checked.
 *
 * A password attempt is counted as a failure before its password is checked, in one atomic step with
 * the check for a wait or lock (countAttempt), and the count is taken back when the password proves
 * right. Checking first and counting after would let every attempt of a burst pass the check before
 * the first failure is counted: more guesses than the policy allows. One at a time nothing differs.
 *
 * With Redis down (ThrottleUnavailableError, 503 within a second): sign-in fails closed, since an
 * unthrottled sign-in is what a password guesser wants, and so do an admin's lock reads and unlocks.
 * Licensee API-key requests fail open: a valid key still reads (its 256-bit secret is not guessable,
 * and the per-key rate limit is in memory), a wrong one still gets 401, only uncounted.
 */
@Injectable()
export class SignInThrottle {
  private readonly logger = new Logger(SignInThrottle.name);
  private lastFailOpenWarning = 0;

  constructor(
    private readonly store: ThrottleStore,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private loginKeys(email: string, address: string): Array<[ThrottleKey, ScopeLimits]> {
    return [
      [accountKey(email), this.config.throttle.loginAccount],
      [{ scope: 'login-address', id: address }, this.config.throttle.loginAddress],
    ];
  }

  private apiKeyAddress(address: string): [ThrottleKey, ScopeLimits] {
    return [{ scope: 'api-key-address', id: address }, this.config.throttle.apiKeyAddress];
  }

  /**
   * Throws 429 while the account or the address waits or is locked; otherwise counts this attempt as a
   * failed sign-in of both (with the wait or lock that failure earns, so concurrent attempts see it at
   * once) until it is decided: `signInFailed`, `signInSucceeded` or `passwordConfirmed`. 503 without Redis.
   */
  async countAttempt(email: string, address: string): Promise<SignInAttempt> {
    const answer = await this.store.reserve(this.loginKeys(email, address));
    if (answer.kind === 'refused') throw refusal(answer.block);
    return { email, address, reservation: answer.reservation };
  }

  /**
   * Runs the password check of a counted attempt. Should it throw (no verdict: the database is down, say),
   * the attempt is taken back, so an outage never counts against the people retrying through it.
   */
  async deciding<T>(attempt: SignInAttempt, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (e) {
      await this.failingOpen('taking back an undecided attempt', () => this.store.takeBack(attempt.reservation));
      throw e;
    }
  }

  /** The attempt's password was wrong: it stays counted; throws 429 when its failure locked the account or the address. */
  async signInFailed(attempt: SignInAttempt, userId: string | null): Promise<void> {
    const subject = { email: attempt.email, userId, address: attempt.address };
    await this.lockedBy(attempt.reservation.counted, subject, 'failed sign-ins');
  }

  /** A right sign-in password: the attempt is taken back and the account's failures forgotten (the address's decay on their own). */
  async signInSucceeded(attempt: SignInAttempt): Promise<void> {
    // The password is right: not taking the attempt back only leaves it counted until it decays.
    await this.failingOpen('forgetting failed sign-ins', () => this.store.takeBack(attempt.reservation, ['login-account']));
  }

  /** A right password re-entered (an e-signature, a password change): the attempt is taken back; earlier failures stay. */
  async passwordConfirmed(attempt: SignInAttempt): Promise<void> {
    await this.failingOpen('taking back a right password’s attempt', () => this.store.takeBack(attempt.reservation));
  }

  async assertMayTryApiKey(address: string): Promise<void> {
    const block = await this.failingOpen('checking API-key locks', () => this.store.blockedKnowingClear(this.apiKeyAddress(address)[0]));
    if (block) throw refusal(block);
  }

  /** True while this process knows the address is not locked out of API keys; false means "ask assertMayTryApiKey". */
  apiKeyAddressKnownClear(address: string): boolean {
    return this.store.knownClear(this.apiKeyAddress(address)[0]);
  }

  async apiKeyFailed(address: string): Promise<void> {
    await this.failingOpen('counting a failed API key', () => this.countFailures([this.apiKeyAddress(address)], { address }, 'failed API keys'));
  }

  /** Runs `work`; when Redis does not answer, logs (at most every 30 s) and goes on without it. */
  private async failingOpen<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof ThrottleUnavailableError)) throw e;
      if (Date.now() - this.lastFailOpenWarning > 30_000) {
        this.lastFailOpenWarning = Date.now();
        this.logger.warn({ msg: `Redis unavailable: ${what} skipped`, err: e.reason });
      }
      return null;
    }
  }

  async accountState(email: string): Promise<LockState> {
    return toLockState(await this.store.state(accountKey(email)));
  }

  /** An admin lifts a user's lock (and forgets their failures); audited when there was something to lift. */
  async unlockAccount(user: { id: string; email: string }, actor: Actor): Promise<LockState> {
    const before = toLockState(await this.store.state(accountKey(user.email)));
    await this.store.clear(accountKey(user.email), { lock: true });
    if (before.locked || before.failures > 0) {
      await this.uow.run(() => this.audit.record({ actor, action: 'auth.unlocked', entityType: 'user', entityId: user.id, before }));
    }
    return before;
  }

  /** An admin lifts a client address's sign-in and API-key locks. */
  async unlockAddress(address: string, actor: Actor): Promise<{ signIn: LockState; apiKey: LockState }> {
    const keys: ThrottleKey[] = [
      { scope: 'login-address', id: address },
      { scope: 'api-key-address', id: address },
    ];
    const [signIn, apiKey] = (await Promise.all(keys.map((k) => this.store.state(k)))).map(toLockState);
    await Promise.all(keys.map((k) => this.store.clear(k, { lock: true })));
    if (signIn.locked || apiKey.locked || signIn.failures + apiKey.failures > 0) {
      await this.uow.run(() =>
        this.audit.record({ actor, action: 'auth.unlocked', entityType: 'client_address', entityId: address, before: { signIn, apiKey } }),
      );
    }
    return { signIn, apiKey };
  }

  private async countFailures(keys: Array<[ThrottleKey, ScopeLimits]>, subject: AttemptSubject, what: string): Promise<void> {
    const recorded: Array<RecordedFailure & { key: ThrottleKey }> = [];
    for (const [key, limits] of keys) recorded.push({ key, ...(await this.store.recordFailure(key, limits)) });
    await this.lockedBy(recorded, subject, what);
  }

  /** Audits the locks these failures put on; throws 429 when any of them locked. */
  private async lockedBy(failures: Array<RecordedFailure & { key: ThrottleKey }>, subject: AttemptSubject, what: string): Promise<void> {
    let lock: Block | null = null;
    for (const { key, outcome, failures: count, newlyLocked } of failures) {
      if (outcome.kind !== 'lock') continue;
      lock = { key, kind: 'lock', ms: outcome.ms };
      if (newlyLocked) await this.auditLock(key, subject, count, outcome.ms, what);
    }
    if (lock) throw refusal(lock);
  }

  private async auditLock(key: ThrottleKey, subject: AttemptSubject, failures: number, ms: number, what: string): Promise<void> {
    locksTotal.inc({ scope: key.scope });
    const byAccount = key.scope === 'login-account';
    const entity = byAccount
      ? subject.userId
        ? { entityType: 'user', entityId: subject.userId }
        : { entityType: 'sign_in_email', entityId: (subject.email ?? '').toLowerCase() }
      : { entityType: 'client_address', entityId: subject.address };
    const after = { scope: key.scope, failures, address: subject.address, lockedUntil: new Date(Date.now() + ms).toISOString() };
    this.logger.warn({ msg: 'locked after repeated failures', ...after, ...entity });
    await this.uow.run(() => this.audit.record({ actor: SYSTEM_ACTOR, action: 'auth.locked', ...entity, after, reason: `${failures} ${what}` }));
  }
}

function refusal(block: Block): TooManyAttemptsError {
  const seconds = retryAfterSeconds(block.ms);
  const who = block.key.scope === 'login-account' ? 'this account' : 'this address';
  const message =
    block.kind === 'lock'
      ? `Too many failed attempts: ${who} is locked; try again in ${seconds} s or ask an admin to unlock it`
      : `Too many failed attempts: wait ${seconds} s before trying again`;
  return new TooManyAttemptsError(seconds, message);
}

function toLockState(s: { failures: number; lockedForMs: number }): LockState {
  return { locked: s.lockedForMs > 0, retryAfterSeconds: s.lockedForMs > 0 ? retryAfterSeconds(s.lockedForMs) : null, failures: s.failures };
}
