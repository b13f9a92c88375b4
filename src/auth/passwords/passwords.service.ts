import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/actor';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
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
}

/**
 * Changing one's own password and an admin's one-time reset. New passwords follow the policy
 * (password-policy.ts); the hash uses the configured argon2id parameters. Both are audited without
 * any password or hash, and both revoke every session of the user.
 */
@Injectable()
export class PasswordsService {
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
   */
  async reset(userId: string, actor: Actor, approval?: ApprovedResetContext): Promise<IssuedReset> {
    if (actor.type === 'user' && actor.id === userId) {
      throw new AuthError(AuthErrorCode.CANNOT_RESET_OWN_PASSWORD, 'Change your own password with your current one instead');
    }
    const temporaryPassword = randomBytes(15).toString('base64url');
    const passwordHash = await this.hash(temporaryPassword);
    const expiresAt = new Date(Date.now() + this.config.passwords.resetTtlHours * 3600_000);
    await this.uow.run(async () => {
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
        },
      });
    });
    return { temporaryPassword, expiresAt };
  }
}
