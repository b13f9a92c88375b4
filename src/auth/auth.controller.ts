import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { CurrentActor, CurrentSessionId, DuringPasswordChange, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { CookieSessionResponseDto, LoginDto, LoginResponseDto } from './dto/login.dto';
import { SessionResponseDto } from './dto/session.dto';
import { ChangePasswordDto } from './passwords/password.dto';
import { PasswordsService } from './passwords/passwords.service';
import { fromBrowser, refuseCrossOriginCookieUse } from './same-origin';
import { clearSessionCookie, requestCredential, requestToken, setSessionCookie } from './session-cookie';
import { SessionOrigin } from './sessions/sessions.service';
import { clientAddress } from './throttle/throttle-policy';

type UserActor = Extract<Actor, { type: 'user' }>;

/**
 * Machines take `accessToken` from the body and send it as a bearer token; the console relies on the
 * httpOnly session cookie set by the same answer, and its answers leave the token out, so a script
 * in the page (an injected one too) cannot lift a bearer token that outlives the page.
 */
@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordsService,
    private readonly config: AppConfig,
  ) {}

  /** Sets the cookie; the body keeps the token only for a machine (bearer) client. */
  private answer(req: Request, res: Response, issued: LoginResponseDto, cookieSession: boolean): LoginResponseDto | CookieSessionResponseDto {
    setSessionCookie(req, res, issued.accessToken, issued.expiresIn);
    if (!cookieSession) return issued;
    const { expiresIn, role, displayName, passwordChangeRequired } = issued;
    return { expiresIn, role, displayName, passwordChangeRequired };
  }

  private origin(req: Request): SessionOrigin {
    return {
      address: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.throttle.trustedProxyHops),
      userAgent: req.headers['user-agent'],
    };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'Also sets the console session cookie (httpOnly, SameSite=Strict); a browser’s sign-in (Origin or Sec-Fetch-Site sent) gets no accessToken',
  })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect, or the account is disabled' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS: the account or the client address waits or is locked (Retry-After says how long)' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto | CookieSessionResponseDto> {
    const issued = await this.auth.login(dto.email, dto.password, this.origin(req));
    // A browser always sends Origin on a POST (no page script can drop it); machines send neither header.
    return this.answer(req, res, issued, fromBrowser(req.headers));
  }

  /** Public so an expired session can still be cleared. Revokes the token's session on every replica at once. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiQuery({ name: 'everywhere', required: false, type: Boolean, description: 'End every session of this user, not only this one' })
  @ApiNoContentResponse({ description: 'The session is revoked and the cookie cleared' })
  @ApiForbiddenResponse({ description: 'CROSS_ORIGIN_REFUSED: sent with the session cookie from a page of another origin' })
  async logout(@Query('everywhere') everywhere: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    // Public, so the guard's origin check does not run: another origin's page must not sign the console out either.
    refuseCrossOriginCookieUse(requestCredential(req)?.via, req.headers, this.config.publicOrigin);
    await this.auth.logout(requestToken(req), everywhere === 'true');
    clearSessionCookie(req, res);
  }

  @Get('session')
  @DuringPasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: SessionResponseDto })
  session(@CurrentActor() actor: UserActor, @Req() req: Request): Promise<SessionResponseDto> {
    return this.auth.describeSession(actor, requestToken(req)!);
  }

  /**
   * A fresh token (and cookie) in the same session, so a working day is not cut every JWT_TTL_SECONDS;
   * never past the session's absolute end (SESSION_MAX_HOURS after sign-in): then 401, sign in again.
   */
  @Post('refresh')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: LoginResponseDto, description: 'A fresh cookie too; accessToken only when the refresh was made with a bearer token, not the cookie' })
  async refresh(
    @CurrentActor() actor: UserActor,
    @CurrentSessionId() sessionId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto | CookieSessionResponseDto> {
    const issued = await this.auth.reissue(actor, sessionId);
    return this.answer(req, res, issued, requestCredential(req)?.via === 'cookie');
  }

  /**
   * Sets a new password, proving the current one (after an admin's reset: the temporary one). Every
   * session of the user is revoked (this one too); the answer is a new session's token and cookie.
   */
  @Post('password')
  @DuringPasswordChange()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'The new password is set; a fresh cookie, and accessToken when the change was made with a bearer token',
  })
  @ApiBadRequestResponse({ description: 'WEAK_PASSWORD: the policy refuses the new password (the message says why)' })
  @ApiForbiddenResponse({ description: 'CURRENT_PASSWORD_INCORRECT (counted as a failed sign-in)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS: too many wrong current passwords or sign-ins' })
  async changePassword(
    @CurrentActor() actor: UserActor,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto | CookieSessionResponseDto> {
    const origin = this.origin(req);
    await this.passwords.changeOwn(actor, dto.currentPassword, dto.newPassword, origin.address);
    const issued = await this.auth.issueFor(actor.id, origin);
    return this.answer(req, res, issued, requestCredential(req)?.via === 'cookie');
  }
}
