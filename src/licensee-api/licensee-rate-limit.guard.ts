import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../common/actor';
import { SharedLimitsRedis } from '../common/redis-rate-limit/shared-limits-redis';
import { AppConfig } from '../config/app-config';
import { KeyRateLimiter, RateDecision } from './key-rate-limiter';
import { LeasedKeyBudget } from './leased-key-budget';

/** On a request whose token the poll fast path already took before handing it to Express. */
const TOKEN_TAKEN = Symbol('licensee token taken');

export function markTokenTaken(req: object): void {
  (req as { [TOKEN_TAKEN]?: true })[TOKEN_TAKEN] = true;
}

/**
 * Per API key: a runaway poller gets 429 with Retry-After instead of load on the database. The budget
 * is in Redis, so a key gets the rate once however many API processes it polls (a busy process leases
 * several tokens at once: `LeasedKeyBudget`); while Redis does not answer, each process counts alone
 * (the in-process limiter), so polling goes on.
 */
@Injectable()
export class LicenseeRateLimitGuard implements CanActivate {
  private readonly limiter: KeyRateLimiter;
  private readonly budget: LeasedKeyBudget;

  constructor(config: AppConfig, shared: SharedLimitsRedis) {
    const { perSecond, burst } = config.licenseeRate;
    this.limiter = new KeyRateLimiter(perSecond, burst);
    this.budget = new LeasedKeyBudget(
      { lease: (key, wanted) => shared.lease({ key, ratePerSecond: perSecond, burst }, wanted) },
      { ratePerSecond: perSecond, burst },
    );
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<{ actor?: Actor; [TOKEN_TAKEN]?: true }>();
    const actor = req.actor;
    if (actor?.type !== 'licensee' || req[TOKEN_TAKEN]) return true;
    const decision = await this.decide(actor.apiKeyId);
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      { statusCode: 429, error: 'Too Many Requests', message: `Rate limit for this API key exceeded; retry after ${decision.retryAfterSeconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Spends a token this process already leased for the key, without waiting; false when it has none (then `decide`). */
  takeLeasedToken(apiKeyId: string): boolean {
    return this.budget.takeLeased(`licensee-key:${apiKeyId}`);
  }

  /** Takes one of the key's tokens when it has one (also the poll fast path's check). */
  async decide(apiKeyId: string): Promise<RateDecision> {
    try {
      return await this.budget.take(`licensee-key:${apiKeyId}`);
    } catch {
      return this.limiter.take(apiKeyId);
    }
  }
}
