import { Module } from '@nestjs/common';
import { RedisRateLimitModule } from '../common/redis-rate-limit/redis-rate-limit.module';
import { RedisRequestLimiter } from '../common/redis-rate-limit/redis-request-limiter';
import { SharedLimitsRedis } from '../common/redis-rate-limit/shared-limits-redis';
import { AppConfig } from '../config/app-config';
import { BiotrackTraceabilityAdapter } from './biotrack.adapter';
import { BIOTRACK_CLIENT_OPTIONS, BIOTRACK_REQUEST_LIMITER, BiotrackClientOptions } from './client/biotrack-client.options';
import { BiotrackClient } from './client/biotrack.client';
import { processBucketLimiter } from './client/token-bucket';

/**
 * BioTrack-NY: the NY-API client and the TraceabilityAdapter over it. Whether this adapter is the
 * one in use is decided at the composition root (src/state-adapter.module.ts), not here.
 */
@Module({
  imports: [RedisRateLimitModule],
  providers: [
    {
      provide: BIOTRACK_CLIENT_OPTIONS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): BiotrackClientOptions => ({
        ...config.biotrack,
        baseDelayMs: config.biotrack.retryBaseMs,
        maxDelayMs: config.biotrack.retryMaxMs,
      }),
    },
    {
      // The state counts requests per integrator key, whichever process sends them: the budget is in Redis.
      provide: BIOTRACK_REQUEST_LIMITER,
      inject: [SharedLimitsRedis, BIOTRACK_CLIENT_OPTIONS],
      useFactory: (shared: SharedLimitsRedis, o: BiotrackClientOptions) =>
        new RedisRequestLimiter(shared, processBucketLimiter(`${o.baseUrl}|${o.apiKey}`, o.ratePerSecond), o.timeoutMs),
    },
    BiotrackClient,
    BiotrackTraceabilityAdapter,
  ],
  exports: [BiotrackTraceabilityAdapter],
})
export class BiotrackModule {}
