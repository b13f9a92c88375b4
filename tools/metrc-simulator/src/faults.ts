import { InvalidInput } from './errors';
export const FAULT_MODES = ['status', 'rate_limit', 'hang', 'drop', 'drop_after_store', 'clear'] as const;
export type FaultMode = Exclude<(typeof FAULT_MODES)[number], 'clear'>;

export interface Fault {
  id: number;
  mode: FaultMode;
  /** Path prefix the fault applies to; null for every API path. */
  match: string | null;
  /** Only calls of this method; null for any. */
  method: 'GET' | 'POST' | 'PUT' | null;
  /** Uses left; null until cleared. */
  remaining: number | null;
  status?: number;
  retryAfterSeconds?: number;
  ms?: number;
  createdAt: string;
}

export type FaultRequest = { mode: 'clear'; match: string | null } | Omit<Fault, 'id' | 'createdAt'>;

const EXTRA: Record<(typeof FAULT_MODES)[number], string[]> = {
  status: ['status'],
  rate_limit: ['retryAfterSeconds'],
  hang: ['ms'],
  drop: [],
  drop_after_store: [],
  clear: [],
};

const int = (value: unknown, min: number, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Validates a `/_sim/faults` body; throws one message listing every problem. */
export function readFaultRequest(body: unknown): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInput('body must be a JSON object');
  const o = body as Record<string, unknown>;
  const mode = o.mode as (typeof FAULT_MODES)[number];
  if (!FAULT_MODES.includes(mode)) throw new InvalidInput(`mode must be one of ${FAULT_MODES.join(', ')}`);
  const problems: string[] = [];
  const known = ['mode', 'match', 'method', 'count', 'persistent', ...EXTRA[mode]];
  for (const key of Object.keys(o)) if (!known.includes(key)) problems.push(`${key}: is not a field of a ${mode} fault`);
  if (o.match !== undefined && (typeof o.match !== 'string' || !o.match.startsWith('/'))) problems.push('match: must be a path prefix starting with /');
  if (o.method !== undefined && !['GET', 'POST', 'PUT'].includes(o.method as string)) problems.push('method: must be GET, POST or PUT');
  if (o.count !== undefined && !int(o.count, 1, 1_000_000)) problems.push('count: must be an integer from 1');
  if (o.persistent !== undefined && typeof o.persistent !== 'boolean') problems.push('persistent: must be true or false');
  if (mode === 'status' && !int(o.status, 500, 599)) problems.push('status: must be an integer from 500 to 599');
  if (o.retryAfterSeconds !== undefined && !int(o.retryAfterSeconds, 0, 3600)) problems.push('retryAfterSeconds: must be an integer from 0 to 3600');
  if (o.ms !== undefined && !int(o.ms, 0, 600_000)) problems.push('ms: must be an integer from 0 to 600000');
  if (problems.length) throw new InvalidInput(problems.join('; '));
  const match = (o.match as string | undefined) ?? null;
  if (mode === 'clear') return { mode, match };
  const remaining = o.persistent === true && o.count === undefined ? null : ((o.count as number | undefined) ?? 1);
  return {
    mode,
    match,
    method: (o.method as Fault['method'] | undefined) ?? null,
    remaining,
    ...(mode === 'status' && { status: o.status as number }),
    ...(o.retryAfterSeconds !== undefined && { retryAfterSeconds: o.retryAfterSeconds as number }),
    ...(o.ms !== undefined && { ms: o.ms as number }),
  };
}

/** Registered faults, applied in the order they were added; each use counts down its `remaining`. */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: Omit<Fault, 'id' | 'createdAt'>, at: string): Fault {
    const fault = { id: this.nextId++, ...spec, createdAt: at };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Clears the faults registered for exactly this match, or all of them. */
  clear(match: string | null = null): number {
    const before = this.faults.length;
    this.faults = match === null ? [] : this.faults.filter((f) => f.match !== match);
    return before - this.faults.length;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Uses the first live fault of one of `modes` that fits the call. */
  take(method: string, path: string, modes: readonly FaultMode[]): Fault | undefined {
    const fault = this.faults.find(
      (f) => modes.includes(f.mode) && (f.method === null || f.method === method) && (f.match === null || path.startsWith(f.match)),
    );
    if (!fault) return undefined;
    if (fault.remaining !== null && --fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
