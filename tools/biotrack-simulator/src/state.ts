import { FaultRegistry } from './faults';
import { RateLimiter } from './rate-limiter';
import { RequestLog } from './request-log';
import { SessionStore } from './sessions';
import { SeedSample, Store } from './store';

export interface SimulatorOptions {
  /** The integrator key every call must carry in X-Api-Key. */
  apiKey?: string;
  username?: string;
  password?: string;
  /** The license of the lab whose credentials these are. */
  labLicense?: string;
  sessionTtlSeconds?: number;
  /** Requests per second per integrator key; also the burst size. */
  ratePerSecond?: number;
  /** Licenses the state system knows besides the lab's (seeded senders are added as they come). */
  knownLicenses?: string[];
  /** Samples sent to the lab at start (and again after each reset). */
  samples?: SeedSample[];
  /** Clock for sessions, the rate limiter and timestamps; defaults to the wall clock. */
  now?: () => Date | number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'now'>>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  apiKey: 'sim-integrator-key',
  username: 'lab@sim',
  password: 'sim-password',
  labLicense: 'OCM-LAB-25-000007',
  sessionTtlSeconds: 1800,
  ratePerSecond: 20,
  knownLicenses: ['OCM-CULT-24-000123'],
  samples: [],
};

/** Everything the simulator holds in memory; exposed so in-process tests can look inside. */
export class SimulatorState {
  readonly options: ResolvedOptions;
  readonly now: () => number;
  readonly store: Store;
  readonly sessions: SessionStore;
  readonly limiter: RateLimiter;
  readonly faults = new FaultRegistry();
  readonly requests = new RequestLog(500);
  readonly knownLicenses = new Set<string>();

  constructor(options: SimulatorOptions = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
    const clock = options.now;
    this.now = clock ? () => Number(clock()) : Date.now;
    this.store = new Store(this.now);
    this.sessions = new SessionStore(this.options.sessionTtlSeconds, this.now);
    this.limiter = new RateLimiter(this.options.ratePerSecond, this.now);
    this.reset();
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  seed(labLicense: string, samples: SeedSample[]): string[] {
    for (const s of samples) this.knownLicenses.add(s.senderLicense);
    return this.store.seed(labLicense, samples);
  }

  /** Forgets data, faults, the request log and rate buckets; open sessions are expired, not forgotten. */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.requests.clear();
    this.limiter.reset();
    this.sessions.expireAll();
    this.knownLicenses.clear();
    for (const license of [this.options.labLicense, ...this.options.knownLicenses]) this.knownLicenses.add(license);
    this.seed(this.options.labLicense, this.options.samples);
  }
}

function definedOnly(options: SimulatorOptions): Partial<ResolvedOptions> {
  const { now: _now, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
