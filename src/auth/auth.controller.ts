import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { CurrentActor, DuringPasswordChange, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { ChangePasswordDto } from './passwords/password.dto';
import { PasswordsService } from './passwords/passwords.service';
import { clearSessionCookie, requestToken, setSessionCookie } from './session-cookie';
import { clientAddress } from './throttle/throttle-policy';

type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * Machines take `accessToken` from the body and send it as a bearer token; the console relies on the
 * httpOnly session cookie set by the same answer and never touches the token.
 */
@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordsService,
    private readonly config: AppConfig,
  ) {}

  private address(req: Request): string {
    return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.throttle.trustedProxyHops);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Also sets the console session cookie (httpOnly, SameSite=Strict)' })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect, or the account is disabled' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS: the account or the client address waits or is locked (Retry-After says how long)' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const answer = await this.auth.login(dto.email, dto.password, this.address(req));
    setSessionCookie(req, res, answer.accessToken, this.config.jwt.ttlSeconds);
    return answer;
  }

  /** Public so an expired session can still be cleared. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session cookie is cleared' })
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    clearSessionCookie(req, res);
  }

  @Get('session')
  @DuringPasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: SessionResponseDto })
  session(@CurrentActor() actor: UserActor, @Req() req: Request): Promise<SessionResponseDto> {
    return this.auth.describeSession(actor, requestToken(req)!);
  }

  /** A fresh token (and cookie) for a signed-in user, so a working day is not cut every JWT_TTL_SECONDS. */
  @Post('refresh')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: LoginResponseDto })
  async refresh(@CurrentActor() actor: UserActor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const answer = await this.auth.reissue(actor);
    setSessionCookie(req, res, answer.accessToken, this.config.jwt.ttlSeconds);
    return answer;
  }

  /**
   * Sets a new password, proving the current one (after an admin's reset: the temporary one). Answers
   * a fresh token and cookie.
   */
  @Post('password')
  @DuringPasswordChange()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: LoginResponseDto, description: 'The new password is set; a fresh token (and cookie)' })
  @ApiBadRequestResponse({ description: 'WEAK_PASSWORD: the policy refuses the new password (the message says why)' })
  @ApiForbiddenResponse({ description: 'CURRENT_PASSWORD_INCORRECT (counted as a failed sign-in)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS: too many wrong current passwords or sign-ins' })
  async changePassword(
    @CurrentActor() actor: UserActor,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    await this.passwords.changeOwn(actor, dto.currentPassword, dto.newPassword, this.address(req));
    const answer = await this.auth.issueFor(actor.id);
    setSessionCookie(req, res, answer.accessToken, this.config.jwt.ttlSeconds);
    return answer;
  }
}
