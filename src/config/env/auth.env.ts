import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { toInt } from './env-part';

/** Signing in and staying signed in: tokens, password hashing, throttling of failures, sessions. */
export class AuthEnv {
  static readonly withoutDefault: readonly (keyof AuthEnv)[] = ['JWT_SECRET', 'DEMO_PASSWORD'];

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /** Password hashing (argon2id): memory in KiB, passes, lanes. Changing them rehashes each user at next sign-in. */
  @Transform(toInt)
  @IsInt()
  @Min(19456)
  ARGON2_MEMORY_KIB = 65536;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(20)
  ARGON2_TIME_COST = 3;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  ARGON2_PARALLELISM = 4;

  /** How long an admin-issued temporary password can be used (once, to set a new one). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  PASSWORD_RESET_TTL_HOURS = 72;

  @IsOptional()
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD?: string;

  /** Failed sign-ins: free attempts, then delays doubling from the base, then a lock (per account and per client address). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LOGIN_ACCOUNT_FREE_FAILURES = 3;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_ACCOUNT_LOCK_FAILURES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  LOGIN_ADDRESS_FREE_FAILURES = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_LOCK_FAILURES = 50;

  /** The same per client address for licensee API-key failures. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  API_KEY_ADDRESS_FREE_FAILURES = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_KEY_ADDRESS_LOCK_FAILURES = 50;

  /** 0 turns the growing delays off (the lock stays). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  THROTTLE_DELAY_BASE_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_LOCK_SECONDS = 900;

  /** Failures older than this (since the last one) are forgotten. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  THROTTLE_WINDOW_SECONDS = 3600;

  /** Reverse proxies in front of the API whose X-Forwarded-For is trusted for the client address (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  TRUSTED_PROXY_HOPS = 0;

  /** Server-side sessions: closed after this long without a request, and at the latest this long after sign-in. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_MAX_HOURS = 12;
}
