import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { logConnectionErrors } from './connection-errors';

/**
 * Every queue and worker registered with Nest gets an error listener, whichever module registered it:
 * without one, BullMQ prints each Redis connection error with its stack to stderr, once per
 * reconnection attempt for as long as Redis is down.
 */
@Injectable()
export class QueueErrorLogging implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  /** After onModuleInit, when @nestjs/bullmq has made the workers. */
  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue) logConnectionErrors(instance, this.logger, `queue ${instance.name}`);
      else if (instance instanceof WorkerHost) {
        const worker = (instance as WorkerHost<Worker>).worker;
        logConnectionErrors(worker, this.logger, `worker ${worker.name}`);
      }
    }
  }
}
