import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor, Role } from '../common/actor';
import { API_KEY_VERIFIER, ApiKeyVerifier } from './api-key-verifier';
import { IS_PUBLIC, LICENSEE_KEY, ROLES_KEY } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { requestToken } from './session-cookie';
import { UsersRepository } from './users.repository';

/** The HTTP request as this guard reads it, and the actor it leaves on it for @CurrentActor. */
interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  actor?: Actor;
}

interface TokenClaims {
  sub: string;
  role: Role;
  email: string;
}

/**
 * Global guard: every route needs a lab user's bearer token (or the console's session cookie) unless it
 * is @Public or @LicenseeApi (X-API-Key). Roles are checked here too, so a route cannot forget them.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly apiKeys?: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();

    if (this.reflector.getAllAndOverride<boolean>(LICENSEE_KEY, targets)) {
      req.actor = await this.licensee(req.headers['x-api-key']);
      return true;
    }

    const actor = await this.user(req);
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(actor.role)) {
      throw new AuthError(AuthErrorCode.FORBIDDEN_ROLE, `This action needs the role ${roles.join(' or ')}; you are ${actor.role}`);
    }
    return true;
  }

  private async licensee(header: unknown): Promise<Actor> {
    const key = typeof header === 'string' ? header.trim() : '';
    const actor = key && this.apiKeys ? await this.apiKeys.verify(key) : null;
    if (!actor) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'A valid X-API-Key header is required');
    return actor;
  }

  private async user(req: GuardedRequest) {
    const token = requestToken(req);
    if (!token) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Sign in first: a bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired; sign in again');
    }
    // Disabling a user or changing a role takes effect at once, not when the token expires.
    const user = await this.users.findById(claims.sub);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    return { type: 'user' as const, id: user.id, label: `${user.displayName} <${user.email}>`, role: user.role };
  }
}
