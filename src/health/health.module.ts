import { Module } from '@nestjs/common';
import { HealthProbe } from './health-probe';
import { HealthController } from './health.controller';
import { RedisHealth } from './redis-health';

@Module({ controllers: [HealthController], providers: [HealthProbe, RedisHealth] })
export class HealthModule {}
