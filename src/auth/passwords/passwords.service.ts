import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/actor';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import type { ApprovalRequestEntity } from '../approvals/approval-request.entity';
import type { OneTimeSecret } from '../approvals/approvals.service';
import { AuthError, AuthErrorCode, weakPassword } from '../auth.errors';
import { hashPassword, verifyPassword } from '../password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { SignInThrottle } from '../throttle/sign-in-throttle.service';
import { UserEntity } from '../user.entity';
import { UsersRepository } from '../users.repository';
import { passwordProblem } from './password-policy';

type UserActor = Extract<Actor, { type: 'user' }>;

/** What an admin's reset hands back, once: the temporary password is never stored or shown again. */
export interface IssuedReset {
  temporaryPassword: string;
  expiresAt: Date;
}

/** The two-person request behind a reset, for its audit row. */
export interface ApprovedResetContext {
  approvalId: string;
  requestedBy: string;
  /** The kind of request whose approval re-issued the password, when it is not a reset (role_grant). */
  reissuedWith?: string;
}

/** What an approval that re-issued an account's credentials records (no secret) and hands the approver. */
export interface ReissuedCredentials {
  after: { mustChangePassword: true; temporaryPasswordExpiresAt: string; sessionsRevoked: true };
  oneTimeSecret: OneTimeSecret;
}

/**
 * Changing one's own password and an admin's one-time reset. New passwords follow the policy
 * (password-policy.ts); the hash uses the configured argon2id parameters. Both are audited without
 * any password or hash, and both revoke every session of the user.
 */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionsService,
  ) {}

  hash(plain: string): Promise<string> {
    return hashPassword(plain, this.config.passwords.argon2);
  }

  /** Until when a password someone else knows (a reset's, a new account's first) may be used: PASSWORD_RESET_TTL_HOURS from now. */
  temporaryPasswordExpiry(): Date {
    return new Date(Date.now() + this.config.passwords.resetTtlHours * 3600_000);
  }

  /** Throws WEAK_PASSWORD (400, naming `field`) when the policy refuses the candidate for this account. */
  assertAcceptable(candidate: string, email: string, field: string): void {
    const problem = passwordProblem(candidate, { email, refused: [this.config.demoPassword] });
    if (problem) throw weakPassword(field, problem);
  }

  /** The signed-in user sets a new password, proving the current one (the temporary one after a reset). */
  async changeOwn(actor: UserActor, currentPassword: string, newPassword: string, address: string): Promise<UserEntity> {
    const user = await this.users.findById(actor.id);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    // A stolen session must not become a way to guess the password: a wrong current one is a failed sign-in,
    // counted before the check (and taken back when it is right) so a burst gets no more checks than the policy allows.
    const attempt = await this.throttle.countAttempt(user.email, address);
    if (!(await this.throttle.deciding(attempt, () => verifyPassword(user.passwordHash, currentPassword)))) {
      await this.throttle.signInFailed(attempt, user.id);
      throw new AuthError(AuthErrorCode.CURRENT_PASSWORD_INCORRECT, 'The current password is incorrect');
    }
    await this.throttle.passwordConfirmed(attempt);
    this.assertAcceptable(newPassword, user.email, 'newPassword');
    if (newPassword === currentPassword) throw weakPassword('newPassword', 'The new password must differ from the current one');
    const passwordHash = await this.hash(newPassword);
    return this.uow.run(async () => {
      const wasForced = user.mustChangePassword;
      Object.assign(user, { passwordHash, mustChangePassword: false, temporaryPasswordExpiresAt: null, passwordChangedAt: new Date() });
      const saved = await this.users.save(user);
      await this.sessions.revokeAll(user.id, 'password_changed');
      await this.audit.record({
        actor,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        after: { afterReset: wasForced },
      });
      return saved;
    });
  }

  /**
   * An admin replaces a user's password with a random temporary one, valid for PASSWORD_RESET_TTL_HOURS
   * and good only for setting a new password at the next sign-in. Nobody resets their own this way.
   * `approval` names the request a second admin approved (a manager's or admin's reset: `actor` approved it).
   * It also lifts the account's sign-in lock (guessed at, then reset: the new password is what the person
   * signs in with); the client address's lock stays.
   */
  async reset(userId: string, actor: Actor, approval?: ApprovedResetContext): Promise<IssuedReset> {
    if (actor.type === 'user' && actor.id === userId) {
      throw new AuthError(AuthErrorCode.CANNOT_RESET_OWN_PASSWORD, 'Change your own password with your current one instead');
    }
    const temporaryPassword = randomBytes(15).toString('base64url');
    const passwordHash = await this.hash(temporaryPassword);
    const expiresAt = this.temporaryPasswordExpiry();
    const reset = await this.uow.run(async () => {
      const user = await this.users.findById(userId);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${userId}`);
      Object.assign(user, { passwordHash, mustChangePassword: true, temporaryPasswordExpiresAt: expiresAt });
      await this.users.save(user);
      await this.sessions.revokeAll(user.id, 'password_reset');
      await this.audit.record({
        actor,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: user.id,
        after: {
          mustChangePassword: true,
          temporaryPasswordExpiresAt: expiresAt.toISOString(),
          ...(approval ? { approvalId: approval.approvalId, requestedBy: approval.requestedBy, approvedBy: actor.label } : {}),
          ...(approval?.reissuedWith ? { reissuedWith: approval.reissuedWith } : {}),
        },
      });
      return user;
    });
    await this.liftAccountLock(reset, actor);
    return { temporaryPassword, expiresAt };
  }

  /**
   * A second admin's approval re-issues the account's credentials (a manager's or admin's reset, a grant of
   * manager or admin): a temporary password made now for the approver alone, every session ended, the
   * change required at the next sign-in. Whatever password anyone knew before is dead. No secret in `after`.
   */
  async reissueOnApproval(request: ApprovalRequestEntity, decider: Actor, reissuedWith?: string): Promise<ReissuedCredentials> {
    const context = { approvalId: request.id, requestedBy: request.requestedByLabel, ...(reissuedWith ? { reissuedWith } : {}) };
    const issued = await this.reset(request.subjectId, decider, context);
    return {
      after: { mustChangePassword: true, temporaryPasswordExpiresAt: issued.expiresAt.toISOString(), sessionsRevoked: true },
      oneTimeSecret: { kind: 'temporary_password', value: issued.temporaryPassword, expiresAt: issued.expiresAt },
    };
  }

  /** Audited when there was a lock or failures to lift; a Redis outage leaves the lock to expire, never undoes the reset. */
  private async liftAccountLock(user: UserEntity, actor: Actor): Promise<void> {
    try {
      await this.throttle.unlockAccount(user, actor);
    } catch (e) {
      this.logger.warn(`password of ${user.id} reset, but its sign-in lock could not be lifted: ${(e as Error).message}`);
    }
  }
}
