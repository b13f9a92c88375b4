import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hasher';
import { SessionEntity } from './sessions/session.entity';
import { SessionOrigin, SessionsService } from './sessions/sessions.service';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

type UserActor = Extract<Actor, { type: 'user' }>;

/** What a LabTrace token carries: the user, and the server-side session it belongs to. */
export interface TokenClaims {
  sub: string;
  role: string;
  email: string;
  sid: string;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Wrong password, unknown email, disabled account and an expired temporary password all answer the
   * same 401. A right temporary password signs in with `passwordChangeRequired`: the guard then lets
   * only the change route through. Each sign-in opens a server-side session.
   */
  async login(email: string, password: string, origin: SessionOrigin): Promise<LoginResponseDto> {
    // Counted as a failure before the password is checked, so no burst gets more checks than the policy allows.
    const attempt = await this.throttle.countAttempt(email, origin.address);
    const argon2 = this.config.passwords.argon2;
    const { user, ok } = await this.throttle.deciding(attempt, async () => {
      const found = await this.users.findByEmail(email);
      return { user: found, ok: await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash(argon2)), password) };
    });
    const resetExpired = !!user?.mustChangePassword && (user.temporaryPasswordExpiresAt?.getTime() ?? 0) < Date.now();
    if (!user || !ok || !user.active || resetExpired) {
      const reason = !user ? 'unknown email' : !ok ? 'wrong password' : !user.active ? 'disabled' : 'temporary password expired';
      this.logger.warn({ msg: 'login refused', reason });
      // Throws 429 instead when this failure locks the account or the address.
      await this.throttle.signInFailed(attempt, user?.id ?? null);
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect');
    }
    await this.throttle.signInSucceeded(attempt);
    if (!user.mustChangePassword && needsRehash(user.passwordHash, argon2)) {
      // The configured cost changed since this hash was made; the plain password is at hand only now.
      user.passwordHash = await hashPassword(password, argon2);
      await this.users.save(user);
    }
    return this.issue(user, await this.sessions.open(user.id, origin));
  }

  /**
   * A fresh token in the same session (the guard has checked it is open and the account active). Its
   * lifetime is cut at the session's absolute end, so refreshing never outlives SESSION_MAX_HOURS.
   */
  async reissue(actor: UserActor, sessionId: string): Promise<LoginResponseDto> {
    const user = await this.users.findById(actor.id);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    const expiresAt = await this.sessions.check(sessionId, user.id);
    if (!expiresAt) throw sessionEnded();
    return this.issue(user, { id: sessionId, expiresAt });
  }

  /** After a password change (which revoked every session): a new session and token for the user. */
  async issueFor(userId: string, origin: SessionOrigin): Promise<LoginResponseDto> {
    const user = await this.users.findById(userId);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    return this.issue(user, await this.sessions.open(user.id, origin));
  }

  /**
   * Ends the session the token names (its signature checked, its expiry not: an expired token can still
   * be signed out), or with `everywhere` every session of its user. Unreadable tokens end nothing.
   */
  async logout(token: string | undefined, everywhere: boolean): Promise<void> {
    if (!token) return;
    const claims = await this.jwt.verifyAsync<TokenClaims>(token, { ignoreExpiration: true }).catch(() => null);
    if (!claims?.sid) return;
    if (everywhere) await this.sessions.revokeAll(claims.sub, 'logout');
    else await this.sessions.revoke(claims.sid, claims.sub, 'logout');
  }

  async describeSession(actor: UserActor, token: string): Promise<SessionResponseDto> {
    const user = await this.users.findById(actor.id);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      passwordChangeRequired: user.mustChangePassword,
      expiresAt: new Date((this.jwt.decode<{ exp: number }>(token)?.exp ?? 0) * 1000).toISOString(),
      labTimeZone: this.config.lab.timezone,
    };
  }

  private async issue(user: UserEntity, session: Pick<SessionEntity, 'id' | 'expiresAt'>): Promise<LoginResponseDto> {
    const expiresIn = this.sessions.tokenLifetimeSeconds(session.expiresAt);
    if (expiresIn < 1) throw sessionEnded();
    const claims: TokenClaims = { sub: user.id, role: user.role, email: user.email, sid: session.id };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn });
    return { accessToken, expiresIn, role: user.role, displayName: user.displayName, passwordChangeRequired: user.mustChangePassword };
  }
}

export function sessionEnded(): AuthError {
  return new AuthError(AuthErrorCode.UNAUTHENTICATED, 'The session has ended (signed out, revoked, idle or past its maximum age); sign in again');
}
