import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Actor } from '../../common/actor';
import type { ApprovalRequestEntity } from '../approvals/approval-request.entity';
import { ApprovalEffect, ApprovalsService } from '../approvals/approvals.service';
import { AuthError, AuthErrorCode } from '../auth.errors';
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
 * A reset also lifts the account's sign-in lock (PasswordsService.reset). Ordering cannot get round this:
 * approving a grant of manager or admin re-issues the credentials the same way (UsersService), so a
 * password known before the grant (a technician's reset, a new account's first) dies with it.
 */
@Injectable()
export class PasswordResetsService implements OnModuleInit {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly users: UsersRepository,
    private readonly approvals: ApprovalsService,
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
      return { issued: await this.passwords.reset(userId, actor), approval: null };
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
  private applyApproved(request: ApprovalRequestEntity, decider: Actor): Promise<ApprovalEffect> {
    return this.passwords.reissueOnApproval(request, decider);
  }
}

function describeReset(user: UserEntity, pendingGrant: boolean): string {
  return `Reset the password of ${user.displayName} <${user.email}> (${user.role}${pendingGrant ? ', role grant pending' : ''})`;
}
