import { BullModule } from '@nestjs/bullmq';
import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { gauge } from '../../common/metrics';
import { queueProducerProvider } from '../../queue/queue-producer';
import { DELIVERY_PRODUCER, DELIVERY_QUEUE } from './delivery-queue';
import { OutboxService } from './outbox.service';
import { SubmissionEntity } from './submission.entity';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsRepository } from './submissions.repository';

// Gauges are process-wide and created once; they read through the most recently started module.
let metricsSource: OutboxService;

/** The outbox table, its API for managers, and the 48-hour clock in /metrics. */
@Module({
  imports: [TypeOrmModule.forFeature([SubmissionEntity]), BullModule.registerQueue({ name: DELIVERY_QUEUE })],
  controllers: [SubmissionsController],
  // The registered queue is the worker's (its processor reads its connection); adds go through the producer.
  providers: [SubmissionsRepository, OutboxService, queueProducerProvider(DELIVERY_PRODUCER, DELIVERY_QUEUE)],
  exports: [OutboxService, SubmissionsRepository],
})
export class OutboxModule implements OnModuleInit {
  constructor(private readonly outbox: OutboxService) {}

  onModuleInit(): void {
    metricsSource = this.outbox;
    // Read at scrape time from the database, so every API instance reports the same truth.
    gauge('labtrace_unreported_releases', 'Released COA versions not yet delivered to the state system', [], async function () {
      this.set((await metricsSource.unreported()).count);
    });
    gauge(
      'labtrace_oldest_unreported_release_age_seconds',
      'Age of the oldest release not yet delivered to the state system (0 when none)',
      [],
      async function () {
        const { oldestReleasedAt } = await metricsSource.unreported();
        this.set(oldestReleasedAt ? (Date.now() - new Date(oldestReleasedAt).getTime()) / 1000 : 0);
      },
    );
  }
}
