import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../../common/actor';
import { counter } from '../../common/metrics';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { TooManyAttemptsError } from '../auth.errors';
import { retryAfterSeconds, ScopeLimits } from './throttle-policy';
import { ThrottleUnavailableError } from './throttle-unavailable';
import { accountKey, Block, ThrottleKey, ThrottleStore } from './throttle.store';

const locksTotal = counter('labtrace_auth_locks_total', 'Accounts and client addresses locked after repeated failed sign-ins or API keys', ['scope']);

/** Who a failed attempt was about, for the audit event when it locks. */
export interface AttemptSubject {
  email?: string;
  userId?: string | null;
  address: string;
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

  /** Throws 429 while the account or the address waits or is locked. */
  async assertMaySignIn(email: string, address: string): Promise<void> {
    const block = await this.store.blocked(this.loginKeys(email, address).map(([key]) => key));
    if (block) throw refusal(block);
  }

  /** Counts a wrong password; throws 429 when this failure locked the account or the address. */
  async signInFailed(subject: AttemptSubject & { email: string }): Promise<void> {
    await this.countFailures(this.loginKeys(subject.email, subject.address), subject, 'failed sign-ins');
  }

  /** A right password forgets the account's failures (the address's decay on their own). */
  async signInSucceeded(email: string): Promise<void> {
    // The password is right: not forgetting earlier failures only lets them decay on their own.
    await this.failingOpen('forgetting failed sign-ins', () => this.store.clear(accountKey(email), { lock: false }));
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
    let lock: Block | null = null;
    for (const [key, limits] of keys) {
      const recorded = await this.store.recordFailure(key, limits);
      if (recorded.outcome.kind !== 'lock') continue;
      lock = { key, kind: 'lock', ms: recorded.outcome.ms };
      if (recorded.newlyLocked) await this.auditLock(key, subject, recorded.failures, recorded.outcome.ms, what);
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
