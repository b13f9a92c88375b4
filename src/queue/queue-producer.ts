import { Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { logConnectionErrors } from './connection-errors';
import { producerConnectionOptions } from './redis-connection';

/** The longest an add may hold its caller (an HTTP request that has already committed). */
export const ENQUEUE_WAIT_MS = 500;

export type EnqueueOutcome = 'queued' | 'not-queued';

/**
 * Adds jobs for a caller that must not wait on Redis: its own fail-fast connection (the workers keep
 * theirs, which wait for Redis as they should), and a bounded wait on top, since BullMQ's client waits
 * for its first connection however the socket is set. Never throws: a job not queued is the caller's
 * to recover (the outbox's sweeper enqueues every pending row again).
 */
export class QueueProducer<Data> implements OnApplicationShutdown {
  private readonly logger: Logger;
  private lastWarnedAt = 0;

  constructor(
    readonly queue: Queue<Data>,
    private readonly waitMs = ENQUEUE_WAIT_MS,
  ) {
    this.logger = new Logger(`QueueProducer:${queue.name}`);
    logConnectionErrors(queue, this.logger, `queue ${queue.name} (producer)`);
  }

  async add(name: string, data: Data, opts: JobsOptions): Promise<EnqueueOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.waitMs);
    });
    // An add abandoned by the timeout may still land later; job ids make that harmless.
    const added = (this.queue.add as (n: string, d: Data, o: JobsOptions) => Promise<unknown>)(name, data, opts).then(
      () => 'added' as const,
      (e: unknown) => e as Error,
    );
    try {
      const outcome = await Promise.race([added, timedOut]);
      if (outcome === 'added') return 'queued';
      this.warnAtMostEvery(5_000, 'job not queued', outcome === 'timeout' ? `Redis did not answer within ${this.waitMs} ms` : outcome.message);
      return 'not-queued';
    } finally {
      clearTimeout(timer);
    }
  }

  private warnAtMostEvery(ms: number, msg: string, err: string): void {
    if (Date.now() - this.lastWarnedAt < ms) return;
    this.lastWarnedAt = Date.now();
    this.logger.warn({ msg, queue: this.queue.name, err });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/** A provider of a `QueueProducer` for `queueName` under `token`, on the deployment's Redis and prefix. */
export function queueProducerProvider(token: string | symbol, queueName: string): Provider {
  return {
    provide: token,
    inject: [AppConfig],
    useFactory: (config: AppConfig) =>
      new QueueProducer(new Queue(queueName, { connection: producerConnectionOptions(config.redisUrl), prefix: config.queuePrefix })),
  };
}
