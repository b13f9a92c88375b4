import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { RedisRateLimitModule } from '../common/redis-rate-limit/redis-rate-limit.module';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { OutboxModule } from '../traceability/outbox/outbox.module';
import { LicenseeRateLimitGuard } from './licensee-rate-limit.guard';
import { LicenseeSamplesController } from './licensee-samples.controller';
import { LicenseeSamplesService } from './licensee-samples.service';
import { LicenseeTransfersController } from './licensee-transfers.controller';
import { LicenseeWebhooksController } from './licensee-webhooks.controller';
import { SampleVersionFeed } from './poll/sample-version-feed';

/** What licensees' systems call with an API key: their samples, COAs and webhook endpoints. */
@Module({
  imports: [SamplesModule, ResultsModule, CertificatesModule, OutboxModule, RedisRateLimitModule],
  controllers: [LicenseeSamplesController, LicenseeWebhooksController, LicenseeTransfersController],
  providers: [LicenseeSamplesService, LicenseeRateLimitGuard, SampleVersionFeed],
})
export class LicenseeApiModule {}
