import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hasher';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Wrong password, unknown email, disabled account and an expired temporary password all answer the
   * same 401. A right temporary password signs in with `passwordChangeRequired`: the guard then lets
   * only the change route through.
   */
  async login(email: string, password: string, address: string): Promise<LoginResponseDto> {
    await this.throttle.assertMaySignIn(email, address);
    const argon2 = this.config.passwords.argon2;
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash(argon2)), password);
    const resetExpired = !!user?.mustChangePassword && (user.temporaryPasswordExpiresAt?.getTime() ?? 0) < Date.now();
    if (!user || !ok || !user.active || resetExpired) {
      const reason = !user ? 'unknown email' : !ok ? 'wrong password' : !user.active ? 'disabled' : 'temporary password expired';
      this.logger.warn({ msg: 'login refused', reason });
      // Throws 429 instead when this failure locks the account or the address.
      await this.throttle.signInFailed({ email, userId: user?.id ?? null, address });
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect');
    }
    await this.throttle.signInSucceeded(email);
    if (!user.mustChangePassword && needsRehash(user.passwordHash, argon2)) {
      // The configured cost changed since this hash was made; the plain password is at hand only now.
      user.passwordHash = await hashPassword(password, argon2);
      await this.users.save(user);
    }
    return this.issue(user);
  }

  /** The guard has already checked the token and that the account is active; the user is read again for the latest role. */
  async reissue(actor: Extract<Actor, { type: 'user' }>): Promise<LoginResponseDto> {
    const user = await this.users.findById(actor.id);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    return this.issue(user);
  }

  async describeSession(actor: Extract<Actor, { type: 'user' }>, token: string): Promise<SessionResponseDto> {
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

  /** After a password change: a fresh token for the user as they are now. */
  async issueFor(userId: string): Promise<LoginResponseDto> {
    const user = await this.users.findById(userId);
    if (!user?.active) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'This account is disabled; sign in again');
    return this.issue(user);
  }

  private async issue(user: UserEntity): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, email: user.email });
    return {
      accessToken,
      expiresIn: this.config.jwt.ttlSeconds,
      role: user.role,
      displayName: user.displayName,
      passwordChangeRequired: user.mustChangePassword,
    };
  }
}
