import { Checker } from './checker';

export const FAULT_MODES = ['status', 'rate_limit', 'expire_sessions', 'hang', 'drop', 'drop_after_store', 'accept_duplicates', 'clear'] as const;
export type FaultRequestMode = (typeof FAULT_MODES)[number];
/** Modes that stay registered and act on later requests (expire_sessions and clear act at once). */
export type FaultMode = Exclude<FaultRequestMode, 'expire_sessions' | 'clear'>;

export interface Fault {
  id: number;
  mode: FaultMode;
  /** Path prefix the fault applies to; null for every NY-API path. */
  match: string | null;
  /** Uses left; null until cleared. */
  remaining: number | null;
  status?: number;
  retryAfter?: number;
  ms?: number;
  createdAt: string;
}

export type FaultRequest =
  | { mode: 'clear'; match: string | null }
  | { mode: 'expire_sessions' }
  | { mode: FaultMode; match: string | null; remaining: number | null; status?: number; retryAfter?: number; ms?: number };

const EXTRA_KEYS: Record<FaultRequestMode, string[]> = {
  status: ['status'],
  rate_limit: ['retryAfter'],
  hang: ['ms'],
  drop: [],
  drop_after_store: [],
  accept_duplicates: [],
  expire_sessions: [],
  clear: [],
};

export function readFaultRequest(body: unknown): FaultRequest {
  const c = new Checker();
  const mode = c.oneOf(c.shape(body, '', ['mode'], ['match', 'count', 'persistent', 'status', 'retryAfter', 'ms'])?.mode, 'mode', FAULT_MODES);
  c.done();
  const o = body as Record<string, unknown>;
  c.shape(o, '', ['mode', ...(mode === 'status' ? ['status'] : [])], ['match', 'count', 'persistent', ...EXTRA_KEYS[mode!]]);
  const match = o.match === undefined ? null : c.text(o.match, 'match', 500);
  if (match && !match.startsWith('/')) c.fail('match', 'must be a path prefix starting with /');
  const count = c.integer(o.count, 'count', 0, 1_000_000);
  const persistent = c.boolean(o.persistent, 'persistent') ?? false;
  if (count === 0 && !persistent) c.fail('count', 'may be 0 only with persistent: true');
  const status = c.integer(o.status, 'status', 500, 599);
  const retryAfter = c.integer(o.retryAfter, 'retryAfter', 0, 3600);
  const ms = c.integer(o.ms, 'ms', 0, 600_000);
  c.done();
  if (mode === 'clear') return { mode, match: match ?? null };
  if (mode === 'expire_sessions') return { mode };
  const remaining = persistent && !count ? null : (count ?? 1);
  return {
    mode: mode!,
    match: match ?? null,
    remaining,
    ...(status !== undefined && { status }),
    ...(mode === 'rate_limit' && { retryAfter: retryAfter ?? 1 }),
    ...(ms !== undefined && { ms }),
  };
}

/** Registered faults, applied in the order they were added; each use counts down its `remaining`. */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: Omit<Fault, 'id' | 'createdAt'>, at: string): Fault {
    const fault = { id: this.nextId++, ...spec, createdAt: at };
    this.faults.push(fault);
    return fault;
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

  /** Uses the first live fault of one of `modes` whose prefix matches `path`. */
  take(path: string, modes: readonly FaultMode[]): Fault | undefined {
    const fault = this.faults.find((f) => modes.includes(f.mode) && (f.match === null || path.startsWith(f.match)));
    if (!fault) return undefined;
    if (fault.remaining !== null && --fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
