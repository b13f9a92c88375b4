import { Module } from '@nestjs/common';
import { OutboxModule } from '../traceability/outbox/outbox.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { ResultsModule } from '../results/results.module';
import { SamplesModule } from '../samples/samples.module';
import { LicenseeRateLimitGuard } from './licensee-rate-limit.guard';
import { LicenseeSamplesController } from './licensee-samples.controller';
import { LicenseeSamplesService } from './licensee-samples.service';

@Module({
  imports: [SamplesModule, ResultsModule, CertificatesModule, OutboxModule],
  controllers: [LicenseeSamplesController],
  providers: [LicenseeSamplesService, LicenseeRateLimitGuard],
})
export class LicenseeApiModule {}
