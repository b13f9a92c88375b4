import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../outbox/outbox.service';
import { SubmissionsRepository } from '../outbox/submissions.repository';

/**
 * The database, not Redis, is the truth: every pending row that is due and has waited past a grace
 * period is enqueued again. Job ids come from the row and its attempt, so a job still in Redis is
 * not duplicated, and a row already being delivered is skipped by the delivery's row lock.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.delivery.sweepIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many rows were enqueued. */
  async sweep(graceSeconds = Math.ceil(this.config.delivery.sweepIntervalMs / 1000)): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = await this.submissions.due(graceSeconds, 500);
      const round = Math.floor(Date.now() / this.config.delivery.sweepIntervalMs);
      let queued = 0;
      for (const row of due) {
        // Redis is down: the rest waits for the next round rather than each waiting out the enqueue bound.
        if ((await this.outbox.dispatch(row, 0, round)) === 'not-queued') break;
        queued++;
      }
      if (queued > 0) this.logger.log(`re-enqueued ${queued} pending submission(s)`);
      return queued;
    } catch (e) {
      this.logger.warn(`sweep failed: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
