import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { RedisHealth } from './redis-health';

type UpDown = 'up' | 'down';

/** What anonymous callers (load balancers, uptime checks) get. */
export class HealthStatusDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: UpDown;
}

export class HealthChecksDto {
  @ApiProperty({ enum: ['up', 'down'] }) database!: UpDown;
  @ApiProperty({ enum: ['up', 'down'] }) redis!: UpDown;
}

/** Which dependency is down: for an admin or the metrics token only. */
export class HealthDetailsDto extends HealthStatusDto {
  @ApiProperty({ type: HealthChecksDto }) checks!: HealthChecksDto;
}

/** Up when PostgreSQL and Redis both answer. */
@Injectable()
export class HealthProbe {
  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisHealth,
  ) {}

  async check(): Promise<HealthDetailsDto> {
    const [database, redis] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      this.redis.ping(),
    ]);
    const upDown = (ok: boolean): UpDown => (ok ? 'up' : 'down');
    return { status: upDown(database && redis), checks: { database: upDown(database), redis: upDown(redis) } };
  }
}
