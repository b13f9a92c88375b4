import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { decoyPasswordHash, verifyPassword } from './password-hasher';
import { UsersRepository } from './users.repository';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Wrong password, unknown email and disabled account all answer the same 401. */
  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      this.logger.warn({ msg: 'login refused', reason: !user ? 'unknown email' : !ok ? 'wrong password' : 'disabled' });
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect');
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
      expiresAt: new Date((this.jwt.decode<{ exp: number }>(token)?.exp ?? 0) * 1000).toISOString(),
      labTimeZone: this.config.lab.timezone,
    };
  }

  private async issue(user: { id: string; role: string; email: string; displayName: string }): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, email: user.email });
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds, role: user.role, displayName: user.displayName };
  }
}
