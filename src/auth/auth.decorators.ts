import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from '../common/actor';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const LICENSEE_KEY = 'auth:licensee';
export const DURING_PASSWORD_CHANGE = 'auth:during-password-change';

/** No authentication (health, metrics, COA verification, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Lab users with one of these roles. Admin does not imply the others: release is a manager's act. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Licensee systems authenticated with X-API-Key (and nobody else). */
export const LicenseeApi = () => SetMetadata(LICENSEE_KEY, true);

/** Still answers a user who must set a new password first (after an admin's reset); every other route refuses them. */
export const DuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  // The global AuthenticationGuard sets `actor` before any handler that asks for it runs.
  return ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor as Actor;
});

/** The id of the server-side session the request's token belongs to (set by the guard for lab users). */
export const CurrentSessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ sessionId?: string }>().sessionId as string;
});
