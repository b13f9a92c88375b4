import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ENQUEUE_WAIT_MS, QueueProducer } from './queue-producer';
import { producerConnectionOptions, redisConnectionOptions } from './redis-connection';

describe('producerConnectionOptions', () => {
  it('fails fast where the worker connection waits, on the same server', () => {
    const url = 'redis://user:p%40ss@redis.internal:6380/2';
    expect(redisConnectionOptions(url)).toMatchObject({ host: 'redis.internal', port: 6380, password: 'p@ss', db: 2, maxRetriesPerRequest: null });
    expect(producerConnectionOptions(url)).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      password: 'p@ss',
      db: 2,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
    });
  });
});

describe('QueueProducer with Redis down', () => {
  let producer: QueueProducer<{ n: number }>;

  beforeAll(() => {
    Logger.overrideLogger(false);
    // Nothing listens on port 1: BullMQ's client never becomes ready, the case no socket option bounds.
    producer = new QueueProducer(new Queue('producer-spec', { connection: producerConnectionOptions('redis://127.0.0.1:1') }));
  });
  afterAll(() => producer.onApplicationShutdown());

  it('answers not-queued within its bound instead of waiting for Redis, and does not throw', async () => {
    const started = Date.now();
    await expect(producer.add('job', { n: 1 }, { jobId: 'job-1' })).resolves.toBe('not-queued');
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThanOrEqual(ENQUEUE_WAIT_MS - 20);
    expect(ms).toBeLessThan(ENQUEUE_WAIT_MS + 250);
  });
});
