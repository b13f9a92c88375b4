import { plainToInstance, Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsTimeZone, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every environment variable LabTrace reads, with its type and default. Validated once at boot. */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  /** production: no demo data or simulator, and the API and worker refuse default secrets or demo passwords at boot. */
  @IsIn(['development', 'production'], { message: 'LABTRACE_ENV must be development or production' })
  LABTRACE_ENV = 'development';

  /** Bearer token for /metrics and /health details; without one (development only) both stay open. */
  @ValidateIf((e: EnvSchema) => e.LABTRACE_ENV === 'production' || e.METRICS_TOKEN !== undefined)
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

  /** Where the built console is (default web/dist); a second instance can serve another build. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** The runtime role (API, worker, commands): grants only, owns nothing (README "Database roles"). */
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[\w-]+(\?.*)?$/, { message: 'DATABASE_URL must be a postgres:// URL with a database name' })
  DATABASE_URL = 'postgres://labtrace_app@127.0.0.1:55432/labtrace';

  /** The owner role, which owns every table: used only by `migration:run`. Unset: DATABASE_URL (one role for both). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[\w-]+(\?.*)?$/, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL with a database name' })
  DATABASE_MIGRATION_URL?: string;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:56379';

  @IsString()
  @Matches(/^[\w-]+$/)
  QUEUE_PREFIX = 'labtrace';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  /** Threads that parse uploaded files (instrument exports, COA PDFs, rule set files): also the cap on concurrent PDF extraction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  PARSE_WORKERS = 2;

  /** Uploads waiting for a parsing thread; one more is refused with 503 and Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  PARSE_QUEUE_MAX = 8;

  /** Wall-clock budget for parsing one file; a parser still running is stopped and the upload refused (422). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  PARSE_TIME_BUDGET_MS = 20000;

  /** Heap cap of each parsing thread, in MB. */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(8192)
  PARSE_MEMORY_MB = 256;

  @IsIn(['biotrack', 'metrc'], { message: 'TRACEABILITY_ADAPTER must be biotrack or metrc' })
  TRACEABILITY_ADAPTER = 'biotrack';

  @IsUrl({ require_tld: false, require_protocol: true })
  BIOTRACK_BASE_URL = 'http://127.0.0.1:4010';

  @IsString()
  @MinLength(1)
  BIOTRACK_API_KEY = 'sim-integrator-key';

  @IsString()
  @MinLength(1)
  BIOTRACK_USERNAME = 'lab@sim';

  @IsString()
  @MinLength(1)
  BIOTRACK_PASSWORD = 'sim-password';

  @Matches(/^OCM-[A-Z]+-\d{2}-\d{6}$/, { message: 'BIOTRACK_LICENSE must look like OCM-LAB-25-000007' })
  BIOTRACK_LICENSE = 'OCM-LAB-25-000007';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  BIOTRACK_TIMEOUT_MS = 10000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RATE_PER_SECOND = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  BIOTRACK_MAX_RETRIES = 5;

  /** First retry waits up to this long; each later one doubles the ceiling (full jitter). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RETRY_BASE_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  BIOTRACK_RETRY_MAX_MS = 30000;

  /** Metrc (TRACEABILITY_ADAPTER=metrc): where, whose keys, which facility; required only for that adapter. */
  @ValidateIf((e: EnvSchema) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_BASE_URL is required when TRACEABILITY_ADAPTER=metrc' })
  @IsUrl({ require_tld: false, require_protocol: true })
  METRC_BASE_URL?: string;

  @ValidateIf((e: EnvSchema) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_VENDOR_KEY is required when TRACEABILITY_ADAPTER=metrc' })
  @IsString()
  @MinLength(1)
  METRC_VENDOR_KEY?: string;

  @ValidateIf((e: EnvSchema) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_USER_KEY is required when TRACEABILITY_ADAPTER=metrc' })
  @IsString()
  @MinLength(1)
  METRC_USER_KEY?: string;

  @ValidateIf((e: EnvSchema) => e.TRACEABILITY_ADAPTER === 'metrc')
  @IsDefined({ message: 'METRC_LICENSE is required when TRACEABILITY_ADAPTER=metrc' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, { message: 'METRC_LICENSE must be a license number such as OCM-LAB-25-000007' })
  METRC_LICENSE?: string;

  /** The test-type map to use by name (src/metrc/data/<name>.test-types.json); unset: the latest in force. */
  @IsOptional()
  @Matches(/^[\w.-]+$/)
  METRC_TEST_TYPE_MAP?: string;

  /** The zone of Metrc's times that carry no offset [I]: NY Metrc is assumed to answer in New York time. */
  @IsTimeZone()
  METRC_TIME_ZONE = 'America/New_York';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  METRC_TIMEOUT_MS = 15000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  METRC_MAX_RETRIES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_RETRY_BASE_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_RETRY_MAX_MS = 30000;

  /** Metrc's GET limits [S] (POST and PUT are not counted): per facility and per vendor key, rate and in flight. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_RATE_PER_FACILITY = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_RATE_PER_VENDOR_KEY = 150;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_CONCURRENCY_PER_FACILITY = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  METRC_GET_CONCURRENCY_PER_VENDOR_KEY = 30;

  /** v2 paging: at most 20 per page [C]. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  METRC_PAGE_SIZE = 20;

  /** How far back the first transfer poll after a start looks, and how much each poll overlaps the last. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  METRC_INTAKE_LOOKBACK_HOURS = 72;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  METRC_INTAKE_OVERLAP_MINUTES = 10;

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
  @ValidateIf((e: EnvSchema) => e.LABTRACE_ENV === 'production')
  @Matches(/^$/, { message: 'WEBHOOK_ALLOWED_HOSTS must be empty when LABTRACE_ENV=production' })
  WEBHOOK_ALLOWED_HOSTS = '';

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

  /**
   * HMAC key for the audit chain's signed heads, kept outside the database (docs/backup-restore.md).
   * Empty: the key is read from AUDIT_HEAD_KEY_FILE when that file exists (scripts/start.sh creates it).
   */
  @ValidateIf((e: EnvSchema) => e.AUDIT_HEAD_KEY !== '')
  @MinLength(32, { message: 'AUDIT_HEAD_KEY must be at least 32 characters' })
  AUDIT_HEAD_KEY = '';

  @IsString()
  AUDIT_HEAD_KEY_FILE = '.data/audit-head.key';

  /** Earlier head keys, comma-separated: they no longer sign, but the heads they signed still verify. */
  @Matches(/^$|^[^,]{32,}(,[^,]{32,})*$/, { message: 'AUDIT_HEAD_OLD_KEYS must be comma-separated keys of at least 32 characters' })
  AUDIT_HEAD_OLD_KEYS = '';

  /** How often the worker's linker chains newly committed audit events. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUDIT_LINK_INTERVAL_MS = 1000;

  /** How often the worker signs a new chain head (when the chain has grown). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  AUDIT_HEAD_INTERVAL_MINUTES = 60;

  @IsString() LAB_NAME = 'LabTrace Demo Laboratory';
  @IsString() LAB_ADDRESS = '100 Testing Way, Albany, NY 12207';
  @IsString() LAB_PHONE = '(518) 555-0142';
  @IsString() LAB_EMAIL = 'lab@demo.lab';
  @IsString() LAB_OCM_PERMIT_ID = 'OCM-LAB-25-000007';
  @IsString() LAB_ISO_ACCREDITATION_ID = 'ISO/IEC 17025:2017 Cert. 0000.01';
  @IsString() LAB_TIMEZONE = 'America/New_York';

  @IsOptional()
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD?: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Required, and only read, when TRACEABILITY_ADAPTER=metrc. */
const METRC_REQUIRED = ['METRC_BASE_URL', 'METRC_VENDOR_KEY', 'METRC_USER_KEY', 'METRC_LICENSE'];

/** Parses and validates an environment; throws one error naming every bad or missing variable. */
export function validateEnv(env: Record<string, string | undefined>): EnvSchema {
  const known = Object.keys(new EnvSchema()).concat([
    'JWT_SECRET',
    'DEMO_PASSWORD',
    'METRICS_TOKEN',
    'DATABASE_MIGRATION_URL',
    'WEB_DIST_DIR',
    ...METRC_REQUIRED,
    'METRC_TEST_TYPE_MAP',
  ]);
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvSchema, picked, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length) {
    throw new ConfigValidationError(errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid'}`));
  }
  return parsed;
}
