import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { QueueErrorLogging } from './queue-error-logging';
import { redisConnectionOptions } from './redis-connection';

/** BullMQ's shared connection. Queues are registered by the modules that own them. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ connection: redisConnectionOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
  ],
  providers: [QueueErrorLogging],
  exports: [BullModule],
})
export class QueueModule {}
