import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginResponseDto } from './dto/login.dto';
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
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, email: user.email });
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds, role: user.role, displayName: user.displayName };
  }
}
