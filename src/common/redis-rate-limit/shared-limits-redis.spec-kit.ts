import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SharedLimitsRedis } from './shared-limits-redis';

/**
 * Two "processes" (two connections) on the project's Redis, under a queue prefix of this run's own:
 * connected before the suite's tests and closed after them. Call inside a `describe`.
 */
export function sharedRedisPair(tag: string): { prefix: string; config: AppConfig; redis: () => SharedLimitsRedis[] } {
  const prefix = `${tag}${randomBytes(4).toString('hex')}`;
  const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: prefix });
  let redis: SharedLimitsRedis[] = [];
  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = [new SharedLimitsRedis(config), new SharedLimitsRedis(config)];
    // The connection is made at construction; a limiter or a lease refuses to queue behind it.
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => redis.forEach((r) => r.onApplicationShutdown()));
  return { prefix, config, redis: () => redis };
}
