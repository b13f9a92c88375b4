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

/** A dependency that has not answered in this long is down, as far as a probe is concerned. */
export const PROBE_TIMEOUT_MS = 1000;

function withinProbeTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  return Promise.race([check.catch(() => false), timedOut]).finally(() => clearTimeout(timer));
}

/** Up when PostgreSQL and Redis both answer within a second (a pool waiting for a connection is not an answer). */
@Injectable()
export class HealthProbe {
  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisHealth,
  ) {}

  async check(): Promise<HealthDetailsDto> {
    const [database, redis] = await Promise.all([withinProbeTimeout(this.db.query('SELECT 1').then(() => true)), withinProbeTimeout(this.redis.ping())]);
    const upDown = (ok: boolean): UpDown => (ok ? 'up' : 'down');
    return { status: upDown(database && redis), checks: { database: upDown(database), redis: upDown(redis) } };
  }
}
