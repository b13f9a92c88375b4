import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { RedisHealth } from './redis-health';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisHealth,
  ) {}

  @Get('health')
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, redis] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      this.redis.ping(),
    ]);
    const ok = database && redis;
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', checks: { database: database ? 'up' : 'down', redis: redis ? 'up' : 'down' } };
  }

  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
