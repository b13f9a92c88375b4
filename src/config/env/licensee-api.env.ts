import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { toInt } from './env-part';
import type { ServerEnv } from './server.env';

/** What licensees get: the licensee API's rate per key, and webhooks (polling, retries, limits, allowed hosts). */
export class LicenseeApiEnv {
  static readonly withoutDefault: readonly (keyof LicenseeApiEnv)[] = [];

  /** Per API key: steady requests per second and burst on the licensee API (429 with Retry-After beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LICENSEE_RATE_PER_SECOND = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LICENSEE_RATE_BURST = 40;

  /** Webhooks: how often the worker looks for due deliveries, attempts before dead, backoff base, timeout. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  WEBHOOK_POLL_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** Active webhook endpoints one licensee may have (registration beyond it answers 409). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_MAX_ENDPOINTS = 5;

  /** Webhook requests one worker has in flight at once (each endpoint gets at most two of them). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_CONCURRENCY = 16;

  /**
   * Development only: comma-separated hosts whose webhooks may use plain http, any port and private
   * addresses (local receivers, tests). Every other URL must be https on 443 to a public address.
   */
  @ValidateIf((e: Pick<ServerEnv, 'LABTRACE_ENV'>) => e.LABTRACE_ENV === 'production')
  @Matches(/^$/, { message: 'WEBHOOK_ALLOWED_HOSTS must be empty when LABTRACE_ENV=production' })
  WEBHOOK_ALLOWED_HOSTS = '';
}
