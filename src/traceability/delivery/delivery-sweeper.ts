import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OutageLog } from '../../common/outage-log';
import { AppConfig } from '../../config/app-config';
import { ADVISORY_LOCKS, tryTransactionLock } from '../../database/advisory-lock';
import { UnitOfWork } from '../../database/unit-of-work';
import { OutboxService } from '../outbox/outbox.service';
import { SubmissionsRepository } from '../outbox/submissions.repository';

/**
 * The database, not Redis, is the truth: every pending row that is due and has waited past a grace
 * period is enqueued again. Job ids come from the row and its attempt, so a job still in Redis is
 * not duplicated, and a row already being delivered is skipped by the delivery's row lock.
 *
 * Every worker runs the timer; a transaction-scoped advisory lock lets one sweep at a time across all
 * of them (the others skip that round), held while the round enqueues so two rounds never interleave.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;
  private readonly outage = new OutageLog(this.logger, 'sweep');

  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.delivery.sweepIntervalMs);
  }

  /** Before the database closes: no new round, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Returns how many rows were enqueued. */
  async sweep(graceSeconds = Math.ceil(this.config.delivery.sweepIntervalMs / 1000)): Promise<number> {
    if (this.running) return 0;
    this.running = this.uow
      .run(() => this.sweepLocked(graceSeconds))
      .then(
        (queued) => {
          this.outage.succeeded();
          return queued;
        },
        (e: unknown) => {
          this.outage.failed(e);
          return 0;
        },
      );
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async sweepLocked(graceSeconds: number): Promise<number> {
    if (!(await tryTransactionLock(this.uow, ADVISORY_LOCKS.deliverySweeper))) return 0;
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
  }
}
