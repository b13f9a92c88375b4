import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { DELIVERY_QUEUE, DeliveryJob } from '../outbox/delivery-queue';
import { DeliveryOutcome, DeliveryService } from './delivery.service';

/** The one processor of the delivery queue; the job only names the row, the row says what to do. */
@Processor(DELIVERY_QUEUE)
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.delivery.concurrency;
  }

  /**
   * A graceful stop (SIGTERM) drains: no new job is taken and the ones under way finish, before the
   * database pool closes (Nest closes BullMQ's workers only at onApplicationShutdown, beside the pool).
   * A job cut short anyway (SIGKILL) is stalled in BullMQ and swept from the database: nothing is lost.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  process(job: Job<DeliveryJob>): Promise<DeliveryOutcome> {
    return this.delivery.deliverSubmission(job.data.submissionId);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJob> | undefined, error: Error): void {
    // The row is still pending in the database; the sweeper will enqueue it again.
    this.logger.error(`delivery job ${job?.id} crashed: ${error.message}`);
  }
}
