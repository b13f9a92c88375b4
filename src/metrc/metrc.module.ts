import { Injectable, Logger, Module, Optional } from '@nestjs/common';
import { RedisRateLimitModule } from '../common/redis-rate-limit/redis-rate-limit.module';
import { RedisRequestLimiter } from '../common/redis-rate-limit/redis-request-limiter';
import { SharedLimitsRedis } from '../common/redis-rate-limit/shared-limits-redis';
import { AppConfig } from '../config/app-config';
import { MetrcClient } from './client/metrc.client';
import { processRequestLimiter } from './client/request-limiter';
import { MetrcIntake } from './metrc-intake';
import { MetrcTraceabilityAdapter } from './metrc.adapter';
import { MetrcTestTypes } from './test-types/metrc-test-types';
import { loadTestTypeMaps, mapInForce } from './test-types/test-type-map';

/**
 * Builds the Metrc adapter when, and only when, the composition root chooses it: its configuration
 * exists only with TRACEABILITY_ADAPTER=metrc, and a BioTrack run must not reach for Metrc. The
 * test-type map is loaded and checked against Metrc's lab test types as the adapter is built.
 */
@Injectable()
export class MetrcAdapterFactory {
  private readonly logger = new Logger(MetrcAdapterFactory.name);
  private adapter: MetrcTraceabilityAdapter | null = null;

  constructor(
    private readonly config: AppConfig,
    /** Absent (unit tests): the limits are this process's only. */
    @Optional() private readonly sharedLimits?: SharedLimitsRedis,
  ) {}

  create(): MetrcTraceabilityAdapter {
    if (this.adapter) return this.adapter;
    const c = this.config.metrc;
    if (!c) throw new Error('The Metrc adapter needs METRC_BASE_URL, METRC_VENDOR_KEY, METRC_USER_KEY and METRC_LICENSE (TRACEABILITY_ADAPTER=metrc)');
    // Metrc's per-facility and per-vendor-key limits hold across every worker and API process (Redis).
    const limiter = this.sharedLimits ? new RedisRequestLimiter(this.sharedLimits, processRequestLimiter(), c.timeoutMs) : processRequestLimiter();
    const client = new MetrcClient({ ...c, baseDelayMs: c.retryBaseMs, maxDelayMs: c.retryMaxMs }, limiter);
    const map = mapInForce(loadTestTypeMaps(), c.testTypeMap);
    this.logger.log(`Metrc test-type map ${map.name} (effective ${map.effectiveDate}; source: ${map.source})`);
    const testTypes = new MetrcTestTypes(client, map);
    const intake = new MetrcIntake(client, { lookbackHours: c.intakeLookbackHours, overlapMinutes: c.intakeOverlapMinutes, timeZone: c.timeZone });
    this.adapter = new MetrcTraceabilityAdapter(client, testTypes, intake, this.config.lab.timezone);
    // Loudly, but not fatally: Metrc may be down at boot; each report checks its types again.
    testTypes.check().catch((e: unknown) => this.logger.error(`could not check Metrc's lab test types at start: ${(e as Error).message}`));
    return this.adapter;
  }
}

/** Metrc (NY): the client and the TraceabilityAdapter over it, built on demand by MetrcAdapterFactory. */
@Module({ imports: [RedisRateLimitModule], providers: [MetrcAdapterFactory], exports: [MetrcAdapterFactory] })
export class MetrcModule {}
