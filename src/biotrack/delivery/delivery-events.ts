import { Injectable } from '@nestjs/common';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import type { SubmissionEntity } from '../outbox/submission.entity';

/** Listeners told when a COA version has reached the state (webhooks subscribe here). */
export type ReportedListener = (sample: SampleEntity, submission: SubmissionEntity) => Promise<void>;

@Injectable()
export class DeliveryEvents {
  private readonly listeners: ReportedListener[] = [];

  onReported(listener: ReportedListener): void {
    this.listeners.push(listener);
  }

  async reported(sample: SampleEntity, submission: SubmissionEntity): Promise<void> {
    for (const listener of this.listeners) await listener(sample, submission);
  }
}
