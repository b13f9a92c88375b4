import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { toInt } from './env-part';

/** The process: which environment, where it listens, what it logs, how it is reached and watched. */
export class ServerEnv {
  static readonly withoutDefault: readonly (keyof ServerEnv)[] = ['METRICS_TOKEN', 'WEB_DIST_DIR'];

  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  /** production: no demo data or simulator, and the API and worker refuse default secrets or demo passwords at boot. */
  @IsIn(['development', 'production'], { message: 'LABTRACE_ENV must be development or production' })
  LABTRACE_ENV = 'development';

  /** Bearer token for /metrics and /health details; without one (development only) both stay open. */
  @ValidateIf((e: ServerEnv) => e.LABTRACE_ENV === 'production' || e.METRICS_TOKEN !== undefined)
  @IsDefined({ message: 'METRICS_TOKEN is required when LABTRACE_ENV=production' })
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Where the API listens: loopback unless the lab's IT opens it (behind its TLS terminator, or 0.0.0.0 in a container). */
  @Matches(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+|localhost)$/, { message: 'LISTEN_HOST must be an IP address or localhost' })
  LISTEN_HOST = '127.0.0.1';

  /**
   * How long an idle keep-alive connection stays open, in seconds. Longer than the idle timeout of the
   * proxy or balancer in front (nginx's upstream keepalive 60 s, most cloud balancers 60 s): otherwise
   * Node closes a connection the proxy has just chosen to reuse, and that request fails with a 502.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  HTTP_KEEP_ALIVE_SECONDS = 65;

  /**
   * Wall-clock time to receive a JSON or form body, from when its headers arrived: a client that stalls or
   * drips its body is answered 408 and its connection closed, instead of holding it until Node's own
   * 300 s. The largest such body (1 MiB) takes 20 s at about 420 kbit/s. Uploads have their own deadline.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(300000)
  REQUEST_BODY_TIMEOUT_MS = 20000;

  /** Where the built console is (default web/dist); a second instance can serve another build. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';
}
