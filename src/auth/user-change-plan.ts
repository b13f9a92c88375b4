import type { Role } from '../common/actor';

/** Manager and admin carry power (release, amend, users, rule sets); technician is the floor. */
export function isPowerRole(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}

export interface UserPowerState {
  role: Role;
  active: boolean;
}

export interface UserChange {
  role?: Role;
  active?: boolean;
  displayName?: string;
}

/** The power state a second admin must approve: the role, and whether the account is reactivated with it. */
export interface PowerGrant {
  role: Role;
  activate: boolean;
}

export type UserChangePlan = { ok: true; immediate: UserChange; grant: PowerGrant | null } | { ok: false; refused: 'own_role' | 'own_active' };

/**
 * Splits an admin's change to a user into what applies now and what waits for a second admin. Nobody
 * changes their own role or active flag. Reducing power (to technician, deactivating) applies now;
 * gaining it (to manager or admin, or reactivating an account that holds one of them) waits. Pure.
 */
export function planUserChange(current: UserPowerState, change: UserChange, self: boolean): UserChangePlan {
  const roleChanges = change.role !== undefined && change.role !== current.role;
  const activeChanges = change.active !== undefined && change.active !== current.active;
  if (self && roleChanges) return { ok: false, refused: 'own_role' };
  if (self && activeChanges) return { ok: false, refused: 'own_active' };

  const immediate: UserChange = {};
  if (change.displayName !== undefined) immediate.displayName = change.displayName;
  const targetRole = change.role ?? current.role;
  const roleGrant = roleChanges && isPowerRole(targetRole);
  if (roleChanges && !roleGrant) immediate.role = targetRole;

  // The role the account holds once the immediate part is applied: reactivating it must not hand it power.
  const roleNow = immediate.role ?? current.role;
  let activate = false;
  if (activeChanges && change.active === false) immediate.active = false;
  if (activeChanges && change.active === true) {
    if (isPowerRole(roleNow)) activate = true;
    else immediate.active = true;
  }
  const grant = roleGrant || activate ? { role: targetRole, activate } : null;
  return { ok: true, immediate, grant };
}

/** What approving any grant also does (UsersService.applyGrant), told to the approver in the summary. */
export const GRANT_REISSUES = 'approving issues a new temporary password to you';

/** How a grant reads in the queue and the audit trail. */
export function describeGrant(grant: PowerGrant, user: { displayName: string; email: string } & UserPowerState): string {
  const who = `${user.displayName} <${user.email}>`;
  if (grant.activate && grant.role === user.role) return `Reactivate ${who} as ${grant.role}; ${GRANT_REISSUES}`;
  const now = `now ${user.role}${user.active ? '' : ', inactive'}`;
  return `${grant.activate ? 'Reactivate and grant' : 'Grant'} ${grant.role} to ${who} (${now}); ${GRANT_REISSUES}`;
}
