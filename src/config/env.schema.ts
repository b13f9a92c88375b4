import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditEnv } from './env/audit.env';
import { AuthEnv } from './env/auth.env';
import { BiotrackEnv } from './env/biotrack.env';
import { DatabaseEnv } from './env/database.env';
import { DeliveryEnv } from './env/delivery.env';
import { EnvPart, partVariables } from './env/env-part';
import { LabEnv } from './env/lab.env';
import { LicenseeApiEnv } from './env/licensee-api.env';
import { MetrcEnv } from './env/metrc.env';
import { ServerEnv } from './env/server.env';
import { UploadsEnv } from './env/uploads.env';

/** Every environment variable LabTrace reads, with its type and default. Validated once at boot. */
export type EnvSchema = ServerEnv & DatabaseEnv & UploadsEnv & BiotrackEnv & MetrcEnv & DeliveryEnv & LicenseeApiEnv & AuthEnv & AuditEnv & LabEnv;

/** The parts of EnvSchema, one per concern (src/config/env/), in the order their problems are listed. */
const PARTS: readonly EnvPart[] = [ServerEnv, DatabaseEnv, UploadsEnv, BiotrackEnv, MetrcEnv, DeliveryEnv, LicenseeApiEnv, AuthEnv, AuditEnv, LabEnv];

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** What an empty environment gets: every default; the variables without one are undefined. */
export function defaultEnv(): EnvSchema {
  return merge(PARTS.map((part) => new part()));
}

/** Parses and validates an environment; throws one error naming every bad or missing variable. */
export function validateEnv(env: Record<string, string | undefined>): EnvSchema {
  const parsed = merge(PARTS.map((part) => plainToInstance(part, given(env, partVariables(part)), { exposeDefaultValues: true })));
  const problems = PARTS.flatMap((part) => partProblems(part, parsed));
  if (problems.length) throw new ConfigValidationError(problems);
  return parsed;
}

/** The variables set (and not empty) among those named: unset and empty both mean the default. */
function given(env: Record<string, string | undefined>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => names.includes(entry[0]) && entry[1] !== undefined && entry[1] !== ''),
  );
}

/** The parts' variable sets are disjoint, so merging loses nothing. */
function merge(parts: object[]): EnvSchema {
  return Object.assign({}, ...parts) as EnvSchema;
}

/**
 * One part's problems, each `VARIABLE: what is wrong`. It is validated over the whole parsed environment
 * (viewed as that part) because a condition may read another part's variable: WEBHOOK_ALLOWED_HOSTS reads
 * LABTRACE_ENV, the Metrc variables TRACEABILITY_ADAPTER.
 */
function partProblems(part: EnvPart, env: EnvSchema): string[] {
  const view = Object.assign(Object.create(part.prototype) as object, env);
  return validateSync(view, { skipMissingProperties: false }).map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid'}`);
}
