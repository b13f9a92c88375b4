import { Module } from '@nestjs/common';
import { SharedLimitsRedis } from './shared-limits-redis';

/**
 * Rate budgets shared by every process of a deployment (docs/deploy.md "Running many processes").
 * Imported by the modules that limit (the state clients, the licensee API); Nest builds it once.
 */
@Module({ providers: [SharedLimitsRedis], exports: [SharedLimitsRedis] })
export class RedisRateLimitModule {}
