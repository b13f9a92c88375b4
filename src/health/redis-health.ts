import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/** A small dedicated connection for health pings, so a busy queue connection doesn't mask an outage. */
@Injectable()
export class RedisHealth implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(config: AppConfig) {
    this.redis = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
      enableOfflineQueue: false,
    });
    this.redis.on('error', () => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
