import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';

/**
 * The worker's side of the outbox: delivering rows to the state system, and sweeping for lost jobs.
 * The adapter and the hooks (TRACEABILITY_ADAPTER, DELIVERY_HOOKS) come from TraceabilityModule,
 * bound at the composition root.
 */
@Module({
  imports: [OutboxModule],
  providers: [DeliveryService, DeliveryProcessor, DeliverySweeper],
  exports: [DeliverySweeper],
})
export class DeliveryModule {}
