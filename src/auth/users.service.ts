import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { auditedRefusal, runAuditingRefusals } from '../audit/audited-refusal';
import { Actor, Role, ROLES } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import type { ApprovalRequestEntity } from './approvals/approval-request.entity';
import { ApprovalEffect, ApprovalsService } from './approvals/approvals.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { normalizeDisplayName } from './display-name';
import { CreateUserDto, toUserResponse, UpdateUserDto, UserResponseDto, userSnapshot } from './dto/user.dto';
import { PasswordsService } from './passwords/passwords.service';
import { SessionsService } from './sessions/sessions.service';
import { describeGrant, isPowerRole, planUserChange, PowerGrant, UserChange } from './user-change-plan';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** The approval kind for a user gaining the manager or admin role (or being reactivated with one). */
export const ROLE_GRANT = 'role_grant';

/** A change as answered: the user as they are now, and the request it opened when it grants power. */
export interface UserChangeResult {
  user: UserResponseDto;
  approval: ApprovalRequestEntity | null;
}

/**
 * Users and roles under the two-person rule: nobody changes their own role; granting manager or admin
 * (to a new user or an existing one) waits for a second admin, the user keeping their old role until
 * then (a new user starts as an active technician); demoting and deactivating apply at once. Any change
 * of role and any deactivation revokes the user's sessions (they sign in again as what they now are), and
 * an admin who stops being one, at once or on approval, has their pending requests cancelled. A
 * new account's password (an admin chose it) must be changed at the first sign-in; an approved grant
 * re-issues the credentials to the approving admin alone (applyGrant). LabTrace
 * itself (the system actor: seed scripts, test support) has no HTTP route and writes roles directly.
 */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly approvals: ApprovalsService,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
  ) {}

  onModuleInit(): void {
    this.approvals.register(ROLE_GRANT, {
      refuseDecider: (request, decider) =>
        decider.id !== undefined && request.subjectId === decider.id ? 'You cannot approve or reject a change to your own role' : null,
      approve: (request, decider) => this.applyGrant(request, decider),
      reject: () => Promise.resolve({}),
    });
  }

  async list(): Promise<UserResponseDto[]> {
    const pending = new Map((await this.approvals.list('pending', ROLE_GRANT)).map((a) => [a.subjectId, a]));
    return (await this.users.list()).map((u) => toUserResponse(u, pending.get(u.id) ?? null));
  }

  /** Kept for callers that only want the user (seeds, test support). */
  async createUser(dto: CreateUserDto, actor: Actor): Promise<UserResponseDto> {
    return (await this.create(dto, actor)).user;
  }

  async updateUser(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserResponseDto> {
    return (await this.update(id, dto, actor)).user;
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserChangeResult> {
    // LabTrace itself (seeds, test support) may set the demo password; people choosing one follow the policy.
    if (actor.type !== 'system') this.passwords.assertAcceptable(dto.password, dto.email, 'password');
    const passwordHash = await this.passwords.hash(dto.password);
    const waits = actor.type !== 'system' && isPowerRole(dto.role);
    return this.uow.run(async () => {
      await this.users.lockIdentities();
      if (await this.users.findByEmail(dto.email)) {
        throw new AuthError(AuthErrorCode.EMAIL_TAKEN, `A user with email ${dto.email} already exists`);
      }
      const displayName = normalizeDisplayName(dto.displayName);
      await this.assertDisplayNameFree(displayName, null);
      const role = waits ? 'technician' : dto.role;
      // A password an admin chose is theirs too: the person replaces it at the first sign-in, within the reset's lifetime.
      const firstPassword = actor.type === 'system' ? {} : { mustChangePassword: true, temporaryPasswordExpiresAt: this.passwords.temporaryPasswordExpiry() };
      const user = await this.users.save(
        this.users.create({ email: dto.email.toLowerCase(), displayName, role, passwordHash, active: true, ...firstPassword }),
      );
      await this.audit.record({ actor, action: 'user.created', entityType: 'user', entityId: user.id, after: userSnapshot(user) });
      const approval = waits ? await this.requestGrant(user, { role: dto.role, activate: false }, actor) : null;
      return { user: toUserResponse(user, approval), approval };
    });
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserChangeResult> {
    // An admin's attempt at their own role is audited (user.refused) though nothing else is kept.
    return runAuditingRefusals(this.uow, this.audit, async () => {
      const user = await this.users.findById(id);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${id}`);
      const given: UserChange = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
      const change = given.displayName === undefined ? given : { ...given, displayName: normalizeDisplayName(given.displayName) };
      const plan = actor.type === 'system' ? { ok: true as const, immediate: change, grant: null } : planUserChange(user, change, actor.id === id);
      if (!plan.ok && plan.refused === 'own_role') {
        const error = new AuthError(AuthErrorCode.CANNOT_CHANGE_OWN_ROLE, 'You cannot change your own role; another admin must');
        const after = { code: error.code, role: { from: user.role, to: change.role ?? user.role } };
        throw auditedRefusal(error, { actor, action: 'user.refused', entityType: 'user', entityId: id, after, reason: error.message });
      }
      if (!plan.ok) throw new AuthError(AuthErrorCode.CANNOT_DISABLE_SELF, 'You cannot disable your own account');

      if (Object.keys(plan.immediate).length > 0) {
        const before = userSnapshot(user);
        // Requests first, then the identities lock: the order a decision takes (request, requester, identities in applyGrant).
        if (plan.immediate.role !== undefined || plan.immediate.active !== undefined) {
          const now = { role: plan.immediate.role ?? user.role, active: plan.immediate.active ?? user.active };
          await this.approvals.cancelForLostStanding(id, now, actor);
        }
        if (plan.immediate.displayName !== undefined || plan.immediate.active === true) {
          await this.users.lockIdentities();
          await this.assertDisplayNameFree(plan.immediate.displayName ?? user.displayName, id);
        }
        Object.assign(user, plan.immediate);
        const after = userSnapshot(await this.users.save(user));
        await this.endSessionsOnChange(before, after);
        await this.audit.record({ actor, action: 'user.updated', entityType: 'user', entityId: id, before, after });
      }
      if (plan.grant?.activate) {
        // Reactivation waits for a second admin, but a name clash is known now: the requester hears it at once.
        await this.users.lockIdentities();
        await this.assertDisplayNameFree(user.displayName, id);
      }
      const approval = plan.grant ? await this.requestGrant(user, plan.grant, actor) : null;
      return { user: toUserResponse(user, approval ?? (await this.approvals.pendingFor(ROLE_GRANT, id))), approval };
    });
  }

  /**
   * A signature and a "Released by" line print the display name: two active people may not share one, or a
   * certificate could name someone who did not sign it (a rename to a colleague's name included).
   */
  private async assertDisplayNameFree(displayName: string, userId: string | null): Promise<void> {
    const holder = await this.users.findActiveByDisplayName(displayName, userId);
    if (!holder) return;
    const message = `Another active user (${holder.email}) is called ${holder.displayName}; printed names on certificates must tell people apart`;
    throw new AuthError(AuthErrorCode.DISPLAY_NAME_TAKEN, message, [{ field: 'displayName', message }]);
  }

  private requestGrant(user: UserEntity, grant: PowerGrant, actor: Actor): Promise<ApprovalRequestEntity> {
    return this.approvals.request(
      { kind: ROLE_GRANT, subjectType: 'user', subjectId: user.id, summary: describeGrant(grant, user), payload: { ...grant } },
      actor,
    );
  }

  /**
   * A second admin approved: the user gets the role (and is reactivated when that was asked), and new
   * credentials made for the approver alone, as an approved reset makes them. Whatever password the
   * requester knew or set before (a technician's one-step reset, a new account's first) dies with the grant.
   */
  private async applyGrant(request: ApprovalRequestEntity, decider: Actor): Promise<ApprovalEffect> {
    const grant = readGrant(request.payload);
    const user = await this.users.findById(request.subjectId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${request.subjectId}`);
    const before = userSnapshot(user);
    // An admin granted manager stops being one: their own pending requests end here too.
    await this.approvals.cancelForLostStanding(user.id, { role: grant.role, active: grant.activate || user.active }, decider);
    if (grant.activate) {
      // Someone may have taken the name while the account was inactive or the grant waited: refused with 409,
      // nothing applies and the request stays pending, for the admins to rename one of the two and approve, or
      // to reject it with a reason. Locked after the requests above: the order update() takes too.
      await this.users.lockIdentities();
      await this.assertDisplayNameFree(user.displayName, user.id);
    }
    user.role = grant.role;
    if (grant.activate) user.active = true;
    const after = userSnapshot(await this.users.save(user));
    await this.endSessionsOnChange(before, after);
    const reissued = await this.passwords.reissueOnApproval(request, decider, ROLE_GRANT);
    return { before, after: { ...after, credentialsReissued: true, ...reissued.after }, oneTimeSecret: reissued.oneTimeSecret };
  }

  /** A new role or a disabled account ends every session of the user at once (the next request is a 401). */
  private async endSessionsOnChange(before: { role: Role; active: boolean }, after: { role: Role; active: boolean; id: string }): Promise<void> {
    if (before.active && !after.active) await this.sessions.revokeAll(after.id, 'disabled');
    else if (before.role !== after.role) await this.sessions.revokeAll(after.id, 'role_changed');
  }
}

function readGrant(payload: Record<string, unknown>): PowerGrant {
  const role = ROLES.find((r) => r === payload.role);
  if (!role) throw new Error(`role grant payload names no role: ${JSON.stringify(payload)}`);
  return { role, activate: payload.activate === true };
}
