import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { redisConnectionOptions } from './redis-connection';

/** BullMQ's shared connection. Queues are registered by the modules that own them. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ connection: redisConnectionOptions(config.redisUrl), prefix: config.queuePrefix }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
