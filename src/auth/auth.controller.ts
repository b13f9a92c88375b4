import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { CurrentActor, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { clearSessionCookie, requestToken, setSessionCookie } from './session-cookie';

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
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Also sets the console session cookie (httpOnly, SameSite=Strict)' })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect, or the account is disabled' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const answer = await this.auth.login(dto.email, dto.password);
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
}
