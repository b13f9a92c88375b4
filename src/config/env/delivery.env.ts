import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInt } from './env-part';

/** The outbox's delivery to the state system, run by the worker. */
export class DeliveryEnv {
  static readonly withoutDefault: readonly (keyof DeliveryEnv)[] = [];

  /** Worker delivery of the outbox: attempts before a row is dead, backoff base, sweeper period, parallel jobs. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DELIVERY_MAX_ATTEMPTS = 15;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  DELIVERY_RETRY_BASE_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DELIVERY_SWEEP_INTERVAL_MS = 15000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  DELIVERY_CONCURRENCY = 4;
}
