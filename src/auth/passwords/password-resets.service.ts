import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Actor } from '../../common/actor';
import type { ApprovalRequestEntity } from '../approvals/approval-request.entity';
import { ApprovalEffect, ApprovalsService } from '../approvals/approvals.service';
import { AuthError, AuthErrorCode } from '../auth.errors';
import { SignInThrottle } from '../throttle/sign-in-throttle.service';
import { isPowerRole } from '../user-change-plan';
import type { UserEntity } from '../user.entity';
import { UsersRepository } from '../users.repository';
import { ROLE_GRANT } from '../users.service';
import { IssuedReset, PasswordsService } from './passwords.service';

/** The approval kind for resetting a manager's or an admin's password. */
export const PASSWORD_RESET = 'password_reset';

/** A reset as answered: issued at once (a technician), or waiting for a second admin (power). */
export type PasswordResetOutcome = { issued: IssuedReset; approval: null } | { issued: null; approval: ApprovalRequestEntity };

/**
 * An admin's password reset under the two-person rule. Whoever knows a temporary password can sign in
 * as the account, so resetting one that holds power (manager or admin, or a pending grant of one) would
 * let one admin act as that person alone: it waits for a second admin, who is neither the requester nor
 * the account's owner. The password is made only when approved, handed to the approver once, and the
 * account's sessions end then; until then the old password keeps working. A technician's reset is one step.
 * A reset also lifts the account's sign-in lock (guessed at, then reset: the new password is what the
 * person signs in with, and only they have it); the client address's lock stays.
 */
@Injectable()
export class PasswordResetsService implements OnModuleInit {
  private readonly logger = new Logger(PasswordResetsService.name);

  constructor(
    private readonly passwords: PasswordsService,
    private readonly users: UsersRepository,
    private readonly approvals: ApprovalsService,
    private readonly throttle: SignInThrottle,
  ) {}

  onModuleInit(): void {
    this.approvals.register(PASSWORD_RESET, {
      refuseDecider: (request, decider) =>
        decider.type === 'user' && request.subjectId === decider.id ? 'You cannot approve or reject a reset of your own password' : null,
      approve: (request, decider) => this.applyApproved(request, decider),
      reject: () => Promise.resolve({}),
    });
  }

  async reset(userId: string, actor: Actor): Promise<PasswordResetOutcome> {
    if (actor.type === 'user' && actor.id === userId) {
      throw new AuthError(AuthErrorCode.CANNOT_RESET_OWN_PASSWORD, 'Change your own password with your current one instead');
    }
    const user = await this.users.findById(userId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${userId}`);
    const pendingGrant = await this.approvals.pendingFor(ROLE_GRANT, user.id);
    if (actor.type === 'system' || !(isPowerRole(user.role) || pendingGrant)) {
      const issued = await this.passwords.reset(userId, actor);
      await this.liftAccountLock(user, actor);
      return { issued, approval: null };
    }
    const approval = await this.approvals.request(
      {
        kind: PASSWORD_RESET,
        subjectType: 'user',
        subjectId: user.id,
        summary: describeReset(user, pendingGrant !== null),
        payload: { role: user.role, pendingRoleGrant: pendingGrant !== null },
      },
      actor,
    );
    return { issued: null, approval };
  }

  /** The second admin approved: the temporary password is made now, for them alone; the audit gets no secret. */
  private async applyApproved(request: ApprovalRequestEntity, decider: Actor): Promise<ApprovalEffect> {
    const issued = await this.passwords.reset(request.subjectId, decider, { approvalId: request.id, requestedBy: request.requestedByLabel });
    const user = await this.users.findById(request.subjectId);
    if (user) await this.liftAccountLock(user, decider);
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

function describeReset(user: UserEntity, pendingGrant: boolean): string {
  return `Reset the password of ${user.displayName} <${user.email}> (${user.role}${pendingGrant ? ', role grant pending' : ''})`;
}
