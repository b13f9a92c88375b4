import { InvalidInput } from './errors';
/** The knobs that may change at run time (`POST /_sim/config`); each [I] assumption of the contract has one. */
export interface SimConfig {
  getsPerSecondPerFacility: number;
  getsPerSecondPerVendorKey: number;
  concurrentGetsPerFacility: number;
  concurrentGetsPerVendorKey: number;
  rateLimitsEnabled: boolean;
  /** null: no Retry-After header on a 429 (Metrc is not known to send one). */
  retryAfterSeconds: number | null;
  maxPageSize: number;
  maxWindowHours: number;
  maxObjectsPerRequest: number;
  maxDocumentBytes: number;
  oneResultPerType: boolean;
  lockAfterRelease: boolean;
  enforceLimits: boolean;
  requireDocumentForRelease: boolean;
  autoReceive: boolean;
  dateStyle: 'mixed' | 'iso';
  enumStyle: 'mixed' | 'string' | 'number';
  timeZone: string;
}

export const DEFAULT_CONFIG: SimConfig = {
  getsPerSecondPerFacility: 50,
  getsPerSecondPerVendorKey: 150,
  concurrentGetsPerFacility: 10,
  concurrentGetsPerVendorKey: 30,
  rateLimitsEnabled: true,
  retryAfterSeconds: null,
  maxPageSize: 20,
  maxWindowHours: 24,
  maxObjectsPerRequest: 10,
  maxDocumentBytes: 5 * 1024 * 1024,
  oneResultPerType: true,
  lockAfterRelease: true,
  enforceLimits: true,
  requireDocumentForRelease: false,
  autoReceive: true,
  dateStyle: 'mixed',
  enumStyle: 'mixed',
  timeZone: 'America/New_York',
};

type Knob = { kind: 'int'; min: number; max: number; nullable?: true } | { kind: 'bool' } | { kind: 'choice'; values: readonly string[] } | { kind: 'zone' };

const KNOBS: Record<keyof SimConfig, Knob> = {
  getsPerSecondPerFacility: { kind: 'int', min: 1, max: 1_000_000 },
  getsPerSecondPerVendorKey: { kind: 'int', min: 1, max: 1_000_000 },
  concurrentGetsPerFacility: { kind: 'int', min: 1, max: 100_000 },
  concurrentGetsPerVendorKey: { kind: 'int', min: 1, max: 100_000 },
  rateLimitsEnabled: { kind: 'bool' },
  retryAfterSeconds: { kind: 'int', min: 0, max: 3600, nullable: true },
  maxPageSize: { kind: 'int', min: 1, max: 10_000 },
  maxWindowHours: { kind: 'int', min: 1, max: 24 * 366 },
  maxObjectsPerRequest: { kind: 'int', min: 1, max: 10_000 },
  maxDocumentBytes: { kind: 'int', min: 1, max: 100 * 1024 * 1024 },
  oneResultPerType: { kind: 'bool' },
  lockAfterRelease: { kind: 'bool' },
  enforceLimits: { kind: 'bool' },
  requireDocumentForRelease: { kind: 'bool' },
  autoReceive: { kind: 'bool' },
  dateStyle: { kind: 'choice', values: ['mixed', 'iso'] },
  enumStyle: { kind: 'choice', values: ['mixed', 'string', 'number'] },
  timeZone: { kind: 'zone' },
};

export const RATE_KNOBS = [
  'getsPerSecondPerFacility',
  'getsPerSecondPerVendorKey',
  'concurrentGetsPerFacility',
  'concurrentGetsPerVendorKey',
  'rateLimitsEnabled',
  'retryAfterSeconds',
] as const satisfies readonly (keyof SimConfig)[];

/** The env variable of each knob: METRC_SIM_ + the name in upper snake case. */
export const envName = (key: keyof SimConfig) => `METRC_SIM_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** One knob's value from JSON (`/_sim/config`) or from an env string; a string error when it does not fit. */
function readKnob(knob: Knob, value: unknown, fromEnv: boolean): { value: unknown } | { error: string } {
  if (knob.kind === 'int') {
    if (value === null || (fromEnv && (value === 'null' || value === 'off'))) return knob.nullable ? { value: null } : { error: 'may not be null' };
    const n = fromEnv && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < knob.min || n > knob.max) return { error: `must be an integer from ${knob.min} to ${knob.max}` };
    return { value: n };
  }
  if (knob.kind === 'bool') {
    if (typeof value === 'boolean') return { value };
    if (fromEnv && typeof value === 'string' && /^(true|on|1|false|off|0)$/i.test(value)) return { value: /^(true|on|1)$/i.test(value) };
    return { error: 'must be true or false' };
  }
  if (knob.kind === 'choice') {
    return typeof value === 'string' && knob.values.includes(value) ? { value } : { error: `must be one of ${knob.values.join(', ')}` };
  }
  return typeof value === 'string' && isZone(value) ? { value } : { error: 'must be an IANA time zone' };
}

/** Validates a partial update; unknown keys and bad values are all reported together. */
export function readConfigPatch(body: unknown, allowed: readonly (keyof SimConfig)[] = Object.keys(KNOBS) as (keyof SimConfig)[]): Partial<SimConfig> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInput('body must be a JSON object');
  const problems: string[] = [];
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(allowed as readonly string[]).includes(key)) {
      problems.push(`${key}: is not a known setting`);
      continue;
    }
    const read = readKnob(KNOBS[key as keyof SimConfig], value, false);
    if ('error' in read) problems.push(`${key}: ${read.error}`);
    else patch[key] = read.value;
  }
  if (problems.length) throw new InvalidInput(problems.join('; '));
  return patch;
}

/** The knobs set in the environment; a malformed one throws so the process does not run misconfigured. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<SimConfig> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(KNOBS) as (keyof SimConfig)[]) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    const read = readKnob(KNOBS[key], raw, true);
    if ('error' in read) throw new InvalidInput(`${envName(key)} ${read.error}, got "${raw}"`);
    patch[key] = read.value;
  }
  // The short spellings the README gives for switching limits off.
  if (env.METRC_SIM_RATE_LIMITS) patch.rateLimitsEnabled = !/^(off|false|0)$/i.test(env.METRC_SIM_RATE_LIMITS);
  return patch;
}
