import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { KeyRateLimiter } from './key-rate-limiter';

/** Per API key: a runaway poller gets 429 with Retry-After instead of load on the database. */
@Injectable()
export class LicenseeRateLimitGuard implements CanActivate {
  private readonly limiter: KeyRateLimiter;

  constructor(config: AppConfig) {
    this.limiter = new KeyRateLimiter(config.licenseeRate.perSecond, config.licenseeRate.burst);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const http = ctx.switchToHttp();
    const actor = http.getRequest<{ actor?: Actor }>().actor;
    if (actor?.type !== 'licensee') return true;
    const decision = this.limiter.take(actor.apiKeyId);
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      { statusCode: 429, error: 'Too Many Requests', message: `Rate limit for this API key exceeded; retry after ${decision.retryAfterSeconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
