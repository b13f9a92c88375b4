import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor, Role } from '../common/actor';
import { isUuid } from '../common/uuid.pipe';
import { AppConfig } from '../config/app-config';
import { API_KEY_VERIFIER, ApiKeyVerifier } from './api-key-verifier';
import { DURING_PASSWORD_CHANGE, IS_PUBLIC, LICENSEE_KEY, ROLES_KEY } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { sessionEnded, TokenClaims } from './auth.service';
import { isWrite, refuseCrossOriginCookieUse } from './same-origin';
import { requestCredential } from './session-cookie';
import { SessionsService } from './sessions/sessions.service';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { clientAddress } from './throttle/throttle-policy';
import { UsersRepository } from './users.repository';

/** The HTTP request as this guard reads it, and the actor it leaves on it for @CurrentActor. */
interface GuardedRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  app?: { get(setting: string): unknown };
  socket?: { remoteAddress?: string };
  actor?: Actor;
  sessionId?: string;
}

/**
 * Global guard: every route needs a lab user's bearer token (or the console's session cookie) unless it
 * is @Public or @LicenseeApi (X-API-Key). Roles are checked here too, so a route cannot forget them.
 * A write carried by the cookie must come from the app's own origin (CSRF: SameSite=Strict lets a
 * sibling subdomain or another localhost port send the cookie, and a plain form needs no preflight).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly apiKeys?: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();

    if (this.reflector.getAllAndOverride<boolean>(LICENSEE_KEY, targets)) {
      req.actor = await this.licensee(req);
      return true;
    }

    const { actor, mustChangePassword, sessionId } = await this.user(req);
    req.actor = actor;
    req.sessionId = sessionId;
    if (mustChangePassword && !this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE, targets)) {
      throw new AuthError(AuthErrorCode.PASSWORD_CHANGE_REQUIRED, 'Set a new password first (POST /v1/auth/password): an admin reset yours');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(actor.role)) {
      throw new AuthError(AuthErrorCode.FORBIDDEN_ROLE, `This action needs the role ${roles.join(' or ')}; you are ${actor.role}`);
    }
    return true;
  }

  /** Wrong keys count per client address like failed sign-ins (waits, then a lock: 429 with Retry-After). */
  private async licensee(req: GuardedRequest): Promise<Actor> {
    const header = req.headers['x-api-key'];
    const key = typeof header === 'string' ? header.trim() : '';
    const address = clientAddress(req.socket?.remoteAddress, req.headers['x-forwarded-for'], this.config.throttle.trustedProxyHops);
    await this.throttle.assertMayTryApiKey(address);
    const actor = key && this.apiKeys ? await this.apiKeys.verify(key) : null;
    if (!actor) {
      // No key at all is not a guess; a wrong one is.
      if (key) await this.throttle.apiKeyFailed(address);
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'A valid X-API-Key header is required');
    }
    return actor;
  }

  private async user(req: GuardedRequest): Promise<{ actor: Extract<Actor, { type: 'user' }>; mustChangePassword: boolean; sessionId: string }> {
    const credential = requestCredential(req);
    if (!credential?.token) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Sign in first: a bearer token is required');
    // Before the token is even read: a forged write costs no database lookup and learns nothing.
    if (isWrite(req.method)) refuseCrossOriginCookieUse(credential.via, req.headers, this.config.publicOrigin);
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(credential.token);
    } catch {
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired; sign in again');
    }
    // Disabling a user or changing a role takes effect at once, not when the token expires.
    const user = await this.users.findById(claims.sub);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    // Read from the database on every request (no cache), so a revocation on any replica holds on the next one.
    if (typeof claims.sid !== 'string' || !isUuid(claims.sid) || !(await this.sessions.check(claims.sid, user.id))) throw sessionEnded();
    const actor = { type: 'user' as const, id: user.id, label: `${user.displayName} <${user.email}>`, role: user.role };
    return { actor, mustChangePassword: user.mustChangePassword, sessionId: claims.sid };
  }
}
