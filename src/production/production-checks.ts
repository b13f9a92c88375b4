import type { AppConfig } from '../config/app-config';
import { defaultEnv, type EnvSchema } from '../config/env.schema';

/**
 * Secrets that appear in this repository (the migration CLI's placeholder, the e2e and benchmark
 * environments): anyone who has read the code knows them, so a production deployment must not sign
 * tokens with them.
 */
const PUBLISHED_JWT_SECRETS = ['migration-cli-does-not-sign-tokens!', 'e2e-secret-e2e-secret-e2e-secret-0123', 'bench-secret-bench-secret-bench-secret-01'];

/** Placeholder wording people paste from examples. */
const PLACEHOLDER = /change.?me|example|placeholder|your.?secret/i;

/** Passwords a database user is given in tutorials and compose files. */
const DEFAULT_DB_PASSWORDS = ['labtrace', 'postgres', 'password', 'secret', 'changeme', 'admin', 'root'];

/** A random secret of 32 characters (even hex) shows well over ten distinct characters; fewer means a typed pattern. */
const MIN_DISTINCT_SECRET_CHARACTERS = 10;

/** Why this configuration must not run in production (empty when it may). Pure. */
export function configRefusals(config: AppConfig, defaults: EnvSchema = defaultEnv()): string[] {
  return [
    ...jwtSecretRefusals(config.jwt.secret),
    ...databaseRefusals(config.databaseUrl),
    ...stateSystemRefusals(config, defaults),
    ...auditHeadKeyRefusals(config),
  ];
}

/** Without the key the chain heads go unsigned, and a restored copy cannot be checked against them. */
function auditHeadKeyRefusals(config: AppConfig): string[] {
  if (config.auditChain.headKey) return [];
  return ['AUDIT_HEAD_KEY (or AUDIT_HEAD_KEY_FILE) is not set; audit chain heads must be signed with a key kept outside the database (docs/backup-restore.md)'];
}

function jwtSecretRefusals(secret: string): string[] {
  if (PUBLISHED_JWT_SECRETS.includes(secret))
    return ['JWT_SECRET is one published in the LabTrace repository; generate a random one (openssl rand -base64 48)'];
  if (PLACEHOLDER.test(secret)) return ['JWT_SECRET looks like a placeholder; generate a random one (openssl rand -base64 48)'];
  if (new Set(secret).size < MIN_DISTINCT_SECRET_CHARACTERS) {
    return ['JWT_SECRET is a short pattern rather than a random secret; generate a random one (openssl rand -base64 48)'];
  }
  return [];
}

function databaseRefusals(databaseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return ['DATABASE_URL cannot be parsed for its credentials'];
  }
  const password = safeDecode(url.password);
  if (!password) {
    return ['DATABASE_URL has no password: give LabTrace its own runtime database role with a password (README "Database roles")'];
  }
  const user = safeDecode(url.username).toLowerCase();
  if (DEFAULT_DB_PASSWORDS.includes(password.toLowerCase()) || password.toLowerCase() === user) {
    return ['DATABASE_URL uses a default database password; set a strong one'];
  }
  return [];
}

/** Who DATABASE_URL connects as, read from the database at boot. */
export interface DatabaseRole {
  name: string;
  superuser: boolean;
  /** Tables of the schema owned by this role or by a role whose privileges it has. */
  ownedTables: number;
}

/**
 * The API and the worker run as the runtime role, which owns nothing: a superuser or a table owner could
 * disable the append-only triggers or truncate the records (README "Database roles"). Pure.
 */
export function databaseRoleRefusals(role: DatabaseRole): string[] {
  if (role.superuser) {
    return [`DATABASE_URL connects as ${role.name}, a superuser; the API and the worker must connect as the runtime role (README "Database roles")`];
  }
  if (role.ownedTables > 0) {
    return [
      `DATABASE_URL connects as ${role.name}, which owns ${role.ownedTables} table(s); that role is for migrations only (DATABASE_MIGRATION_URL), the API and the worker connect as the runtime role`,
    ];
  }
  return [];
}

/** The simulator's credentials and address are the schema defaults; a lab reports to the real state system. */
function stateSystemRefusals(config: AppConfig, defaults: EnvSchema): string[] {
  if (config.traceabilityAdapter !== 'biotrack') return [];
  const refusals: string[] = [];
  if (config.biotrack.baseUrl === defaults.BIOTRACK_BASE_URL.replace(/\/$/, '')) {
    refusals.push('BIOTRACK_BASE_URL is the local BioTrack simulator; point it at BioTrack-NY');
  }
  if (config.biotrack.apiKey === defaults.BIOTRACK_API_KEY || config.biotrack.password === defaults.BIOTRACK_PASSWORD) {
    refusals.push("BIOTRACK_API_KEY or BIOTRACK_PASSWORD is the simulator's default; set the lab's own credentials");
  }
  return refusals;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Thrown at boot in production; the message lists every reason so one restart fixes them all. */
export class ProductionRefusalError extends Error {
  constructor(readonly reasons: string[]) {
    super(`LabTrace refuses to start with LABTRACE_ENV=production:\n  - ${reasons.join('\n  - ')}`);
    this.name = 'ProductionRefusalError';
  }
}
