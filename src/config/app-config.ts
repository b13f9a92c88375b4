import { existsSync, readFileSync } from 'node:fs';
import { ConfigValidationError, EnvSchema, validateEnv } from './env.schema';

export interface MetrcConfig {
  baseUrl: string;
  vendorKey: string;
  userKey: string;
  license: string;
  /** A test-type map by name, or null for the latest in force. */
  testTypeMap: string | null;
  /** The zone of Metrc times that carry no offset. */
  timeZone: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  getRatePerFacility: number;
  getRatePerVendorKey: number;
  getConcurrencyPerFacility: number;
  getConcurrencyPerVendorKey: number;
  pageSize: number;
  intakeLookbackHours: number;
  intakeOverlapMinutes: number;
}

/** Typed, validated configuration. Built once from the environment; the only reader of process.env. */
export class AppConfig {
  readonly env: EnvSchema['NODE_ENV'];
  /** LABTRACE_ENV=production: see README "Running in production". */
  readonly production: boolean;
  /** Bearer token for /metrics and /health details; null leaves them open (development only). */
  readonly metricsToken: string | null;
  readonly port: number;
  readonly listenHost: string;
  /** Idle keep-alive connections are closed after this (longer than the balancer's own idle timeout). */
  readonly keepAliveSeconds: number;
  /** How long a JSON or form body may take to arrive (uploads: uploads.bodyTimeoutMs). */
  readonly requestBodyTimeoutMs: number;
  /** null: the repository's web/dist. */
  readonly webDistDir: string | null;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly jwt: { secret: string; ttlSeconds: number };
  readonly logLevel: string;
  readonly publicBaseUrl: string;
  /** PUBLIC_BASE_URL's origin (scheme, host, port): the console's, which cookie-carried writes must come from. */
  readonly publicOrigin: string;
  readonly maxUploadBytes: number;
  /** Uploads received at once (process, one user) and the time to receive one body (src/common/upload-limits). */
  readonly uploads: { maxConcurrent: number; maxConcurrentPerUser: number; bodyTimeoutMs: number };
  /** The pool of threads that parse uploaded files (src/common/parsing). */
  readonly parsing: { workers: number; queueMax: number; budgetMs: number; memoryMb: number };
  readonly traceabilityAdapter: 'biotrack' | 'metrc';
  readonly biotrack: {
    baseUrl: string;
    apiKey: string;
    username: string;
    password: string;
    license: string;
    timeoutMs: number;
    ratePerSecond: number;
    maxRetries: number;
    retryBaseMs: number;
    retryMaxMs: number;
  };
  /** Set only when TRACEABILITY_ADAPTER=metrc (its variables are required then and ignored otherwise). */
  readonly metrc: MetrcConfig | null;
  readonly delivery: { maxAttempts: number; retryBaseMs: number; sweepIntervalMs: number; concurrency: number };
  readonly licenseeRate: { perSecond: number; burst: number };
  readonly webhooks: {
    pollMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    timeoutMs: number;
    maxEndpoints: number;
    concurrency: number;
    /** Lower-case host names or IPs (no brackets) exempt from the https/443/public-address rule; empty in production. */
    allowedHosts: string[];
  };
  readonly passwords: { argon2: { memoryCost: number; timeCost: number; parallelism: number }; resetTtlHours: number };
  readonly throttle: {
    loginAccount: { freeFailures: number; lockFailures: number };
    loginAddress: { freeFailures: number; lockFailures: number };
    apiKeyAddress: { freeFailures: number; lockFailures: number };
    delayBaseMs: number;
    lockSeconds: number;
    windowSeconds: number;
    trustedProxyHops: number;
  };
  readonly sessions: { idleMinutes: number; maxHours: number };
  readonly lab: {
    name: string;
    address: string;
    phone: string;
    email: string;
    ocmPermitId: string;
    isoAccreditationId: string;
    timezone: string;
  };
  /** The audit hash chain (docs/backup-restore.md); headKey null: heads are not signed. oldHeadKeys only verify. */
  readonly auditChain: { headKey: string | null; oldHeadKeys: string[]; linkIntervalMs: number; headIntervalMinutes: number };
  readonly demoPassword?: string;

  constructor(e: EnvSchema) {
    this.env = e.NODE_ENV;
    this.production = e.LABTRACE_ENV === 'production';
    this.metricsToken = e.METRICS_TOKEN ?? null;
    this.port = e.PORT;
    this.listenHost = e.LISTEN_HOST;
    this.keepAliveSeconds = e.HTTP_KEEP_ALIVE_SECONDS;
    this.requestBodyTimeoutMs = e.REQUEST_BODY_TIMEOUT_MS;
    this.webDistDir = e.WEB_DIST_DIR ?? null;
    this.databaseUrl = e.DATABASE_URL;
    this.redisUrl = e.REDIS_URL;
    this.queuePrefix = e.QUEUE_PREFIX;
    this.jwt = { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS };
    this.logLevel = e.LOG_LEVEL;
    this.publicBaseUrl = e.PUBLIC_BASE_URL.replace(/\/$/, '');
    this.publicOrigin = new URL(this.publicBaseUrl).origin;
    this.maxUploadBytes = e.MAX_UPLOAD_BYTES;
    this.uploads = {
      maxConcurrent: e.MAX_CONCURRENT_UPLOADS,
      maxConcurrentPerUser: e.MAX_CONCURRENT_UPLOADS_PER_USER,
      bodyTimeoutMs: e.UPLOAD_BODY_TIMEOUT_MS,
    };
    this.parsing = { workers: e.PARSE_WORKERS, queueMax: e.PARSE_QUEUE_MAX, budgetMs: e.PARSE_TIME_BUDGET_MS, memoryMb: e.PARSE_MEMORY_MB };
    this.traceabilityAdapter = e.TRACEABILITY_ADAPTER as 'biotrack' | 'metrc';
    this.biotrack = {
      baseUrl: e.BIOTRACK_BASE_URL.replace(/\/$/, ''),
      apiKey: e.BIOTRACK_API_KEY,
      username: e.BIOTRACK_USERNAME,
      password: e.BIOTRACK_PASSWORD,
      license: e.BIOTRACK_LICENSE,
      timeoutMs: e.BIOTRACK_TIMEOUT_MS,
      ratePerSecond: e.BIOTRACK_RATE_PER_SECOND,
      maxRetries: e.BIOTRACK_MAX_RETRIES,
      retryBaseMs: e.BIOTRACK_RETRY_BASE_MS,
      retryMaxMs: e.BIOTRACK_RETRY_MAX_MS,
    };
    this.metrc =
      e.TRACEABILITY_ADAPTER === 'metrc'
        ? {
            baseUrl: e.METRC_BASE_URL!.replace(/\/$/, ''),
            vendorKey: e.METRC_VENDOR_KEY!,
            userKey: e.METRC_USER_KEY!,
            license: e.METRC_LICENSE!,
            testTypeMap: e.METRC_TEST_TYPE_MAP ?? null,
            timeZone: e.METRC_TIME_ZONE,
            timeoutMs: e.METRC_TIMEOUT_MS,
            maxRetries: e.METRC_MAX_RETRIES,
            retryBaseMs: e.METRC_RETRY_BASE_MS,
            retryMaxMs: e.METRC_RETRY_MAX_MS,
            getRatePerFacility: e.METRC_GET_RATE_PER_FACILITY,
            getRatePerVendorKey: e.METRC_GET_RATE_PER_VENDOR_KEY,
            getConcurrencyPerFacility: e.METRC_GET_CONCURRENCY_PER_FACILITY,
            getConcurrencyPerVendorKey: e.METRC_GET_CONCURRENCY_PER_VENDOR_KEY,
            pageSize: e.METRC_PAGE_SIZE,
            intakeLookbackHours: e.METRC_INTAKE_LOOKBACK_HOURS,
            intakeOverlapMinutes: e.METRC_INTAKE_OVERLAP_MINUTES,
          }
        : null;
    this.delivery = {
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      retryBaseMs: e.DELIVERY_RETRY_BASE_MS,
      sweepIntervalMs: e.DELIVERY_SWEEP_INTERVAL_MS,
      concurrency: e.DELIVERY_CONCURRENCY,
    };
    this.licenseeRate = { perSecond: e.LICENSEE_RATE_PER_SECOND, burst: e.LICENSEE_RATE_BURST };
    this.webhooks = {
      pollMs: e.WEBHOOK_POLL_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxEndpoints: e.WEBHOOK_MAX_ENDPOINTS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(',')
        .map((host) => host.trim().toLowerCase())
        .map((host) => (host.startsWith('[') ? host.slice(1, -1) : host))
        .filter(Boolean),
    };
    this.passwords = {
      argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
      resetTtlHours: e.PASSWORD_RESET_TTL_HOURS,
    };
    this.throttle = {
      loginAccount: { freeFailures: e.LOGIN_ACCOUNT_FREE_FAILURES, lockFailures: e.LOGIN_ACCOUNT_LOCK_FAILURES },
      loginAddress: { freeFailures: e.LOGIN_ADDRESS_FREE_FAILURES, lockFailures: e.LOGIN_ADDRESS_LOCK_FAILURES },
      apiKeyAddress: { freeFailures: e.API_KEY_ADDRESS_FREE_FAILURES, lockFailures: e.API_KEY_ADDRESS_LOCK_FAILURES },
      delayBaseMs: e.THROTTLE_DELAY_BASE_MS,
      lockSeconds: e.THROTTLE_LOCK_SECONDS,
      windowSeconds: e.THROTTLE_WINDOW_SECONDS,
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    };
    this.sessions = { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS };
    this.lab = {
      name: e.LAB_NAME,
      address: e.LAB_ADDRESS,
      phone: e.LAB_PHONE,
      email: e.LAB_EMAIL,
      ocmPermitId: e.LAB_OCM_PERMIT_ID,
      isoAccreditationId: e.LAB_ISO_ACCREDITATION_ID,
      timezone: e.LAB_TIMEZONE,
    };
    this.demoPassword = e.DEMO_PASSWORD;
    this.auditChain = {
      headKey: auditHeadKey(e),
      oldHeadKeys: oldHeadKeys(e),
      linkIntervalMs: e.AUDIT_LINK_INTERVAL_MS,
      headIntervalMinutes: e.AUDIT_HEAD_INTERVAL_MINUTES,
    };
  }

  /** The one place the process environment is read. */
  static fromEnvironment(overrides: Record<string, string | undefined> = {}): AppConfig {
    return new AppConfig(validateEnv({ ...process.env, ...overrides }));
  }
}

/**
 * The migration CLI needs only the database; it must not demand the API's secrets. It connects as the
 * owner role (DATABASE_MIGRATION_URL, else DATABASE_URL) and grants to the runtime role, DATABASE_URL's
 * user when the two differ (null: the migrations' default, labtrace_app).
 */
export function migrationTargetFromEnvironment(): { url: string; runtimeRole: string | null } {
  const e = validateEnv({ JWT_SECRET: 'migration-cli-does-not-sign-tokens!', ...process.env });
  const url = e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL;
  const runtime = decodeURIComponent(new URL(e.DATABASE_URL).username);
  return { url, runtimeRole: runtime && runtime !== decodeURIComponent(new URL(url).username) ? runtime : null };
}

/** AUDIT_HEAD_KEY, else the key file if it exists, else null. Used by AppConfig and the audit CLIs. */
export function auditHeadKey(e: Pick<EnvSchema, 'AUDIT_HEAD_KEY' | 'AUDIT_HEAD_KEY_FILE'>): string | null {
  if (e.AUDIT_HEAD_KEY) return e.AUDIT_HEAD_KEY;
  if (!existsSync(e.AUDIT_HEAD_KEY_FILE)) return null;
  const key = readFileSync(e.AUDIT_HEAD_KEY_FILE, 'utf8').trim();
  if (key.length < 32) throw new ConfigValidationError([`AUDIT_HEAD_KEY_FILE: ${e.AUDIT_HEAD_KEY_FILE} holds fewer than 32 characters`]);
  return key;
}

function oldHeadKeys(e: Pick<EnvSchema, 'AUDIT_HEAD_OLD_KEYS'>): string[] {
  return e.AUDIT_HEAD_OLD_KEYS.split(',').filter(Boolean);
}

/** The audit CLIs need the database and the head keys only, not the API's secrets. */
export function auditCliConfigFromEnvironment(): { databaseUrl: string; headKey: string | null; oldHeadKeys: string[] } {
  const e = validateEnv({ JWT_SECRET: 'audit-cli-does-not-sign-tokens-0123456', ...process.env });
  return { databaseUrl: e.DATABASE_URL, headKey: auditHeadKey(e), oldHeadKeys: oldHeadKeys(e) };
}
