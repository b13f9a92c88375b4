import { Module } from '@nestjs/common';
import { CertificatesModule } from '../../certificates/certificates.module';
import { SamplesModule } from '../../samples/samples.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';

/** The worker's side of the outbox: delivering rows to the state system, and sweeping for lost jobs. */
@Module({
  imports: [OutboxModule, CertificatesModule, SamplesModule],
  providers: [DeliveryService, DeliveryProcessor, DeliverySweeper],
  exports: [DeliverySweeper],
})
export class DeliveryModule {}
