import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BIOTRACK_CLIENT_OPTIONS, BiotrackClientOptions } from './client/biotrack-client.options';
import { BiotrackClient } from './client/biotrack.client';
import { BiotrackTraceabilityAdapter } from './biotrack.adapter';
import { TRACEABILITY_ADAPTER } from '../traceability/traceability.adapter';

/**
 * The state system seam: `TRACEABILITY_ADAPTER` is what the rest of LabTrace uses; which
 * implementation backs it is chosen by TRACEABILITY_ADAPTER in the config (BioTrack-NY for now).
 */
@Global()
@Module({
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
    BiotrackClient,
    BiotrackTraceabilityAdapter,
    {
      provide: TRACEABILITY_ADAPTER,
      inject: [AppConfig, BiotrackTraceabilityAdapter],
      useFactory: (config: AppConfig, biotrack: BiotrackTraceabilityAdapter) => {
        switch (config.traceabilityAdapter) {
          case 'biotrack':
            return biotrack;
        }
      },
    },
  ],
  exports: [BiotrackClient, TRACEABILITY_ADAPTER],
})
export class BiotrackClientModule {}
