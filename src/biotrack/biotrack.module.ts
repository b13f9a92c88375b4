import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BiotrackTraceabilityAdapter } from './biotrack.adapter';
import { BIOTRACK_CLIENT_OPTIONS, BiotrackClientOptions } from './client/biotrack-client.options';
import { BiotrackClient } from './client/biotrack.client';

/**
 * BioTrack-NY: the NY-API client and the TraceabilityAdapter over it. Whether this adapter is the
 * one in use is decided at the composition root (src/state-adapter.module.ts), not here.
 */
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
  ],
  exports: [BiotrackTraceabilityAdapter],
})
export class BiotrackModule {}
