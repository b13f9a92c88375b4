import { Injectable } from '@nestjs/common';
import { SharedLimitsRedis } from './shared-limits-redis';

export interface SharedRateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * A per-key budget that answers at once instead of waiting (the licensee API's 429), kept in Redis so
 * that a key polling N API processes gets the rate once, not N times. Throws when Redis does not
 * answer in time: the caller chooses its fallback.
 */
@Injectable()
export class RedisKeyRateLimiter {
  constructor(private readonly redis: SharedLimitsRedis) {}

  async take(key: string, ratePerSecond: number, burst: number): Promise<SharedRateDecision> {
    const wait = await this.redis.take([{ key, ratePerSecond, burst, concurrency: 0 }], '', 0);
    return wait === 0 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }
}
