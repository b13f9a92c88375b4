import { DEFAULT_CONFIG, SimConfig } from './config';
import { FaultRegistry } from './faults';
import { DEFAULT_LAB_TEST_BATCHES, DEFAULT_LAB_TEST_TYPES, LabTestBatch, LabTestType } from './lab-test-types';
import { PeakMeter } from './peak-meter';
import { InFlight, TokenBuckets } from './rate-limiter';
import { RequestLog } from './request-log';
import { Facility, Store } from './store';

export interface SimulatorOptions {
  /** Vendor (integrator) keys: the Basic username. */
  vendorKeys?: string[];
  /** The user key (Basic password) and the facilities it may act for; the first is the lab. */
  userKey?: string;
  licenses?: string[];
  /** A key Metrc accepts only on v1: every v2 call answers a text/plain 401. */
  v1OnlyUserKey?: string;
  /** More user keys and their facilities. */
  extraUsers?: Record<string, string[]>;
  /** Seed the demo transfers at start and on every reset. */
  seedDemo?: boolean;
  labTestTypes?: LabTestType[];
  config?: Partial<SimConfig>;
  /** Clock for dates, rate buckets and windows; defaults to the wall clock. */
  now?: () => Date | number;
}

export const DEFAULT_VENDOR_KEY = 'metrc-sim-vendor-key';
export const DEFAULT_USER_KEY = 'metrc-sim-user-key';
export const DEFAULT_V1_ONLY_USER_KEY = 'metrc-sim-v1-only-user-key';
export const DEFAULT_LAB_LICENSE = 'OCM-LAB-25-000007';
export const DEMO_SHIPPER: Facility = { license: 'OCM-CULT-24-000123', name: 'Hudson Valley Growers', facilityType: 'Cultivator' };
/** A lab the default user key may not act for (to see the 401). */
export const OTHER_LAB: Facility = { license: 'OCM-LAB-25-000099', name: 'Other Testing Lab', facilityType: 'Laboratory' };

const HOUR = 3600_000;

/** Everything the simulator holds; exposed so in-process tests can look inside. */
export class SimulatorState {
  readonly now: () => number;
  readonly vendorKeys: Set<string>;
  /** user key -> facilities it may act for. */
  readonly users = new Map<string, string[]>();
  readonly v1OnlyUserKey: string;
  readonly labLicense: string;
  readonly store: Store;
  readonly faults = new FaultRegistry();
  readonly requests = new RequestLog(1000);
  readonly buckets: TokenBuckets;
  readonly inFlight = new InFlight();
  readonly peaks: PeakMeter;
  readonly counters = { requests: 0, gets: 0, rateLimited: 0 };
  config: SimConfig;
  labTestTypes: LabTestType[];
  readonly labTestBatches: readonly LabTestBatch[] = DEFAULT_LAB_TEST_BATCHES;

  constructor(private readonly options: SimulatorOptions = {}) {
    const clock = options.now;
    this.now = clock ? () => Number(clock()) : Date.now;
    this.vendorKeys = new Set(options.vendorKeys?.length ? options.vendorKeys : [DEFAULT_VENDOR_KEY]);
    const licenses = options.licenses?.length ? options.licenses : [DEFAULT_LAB_LICENSE];
    this.labLicense = licenses[0];
    this.users.set(options.userKey || DEFAULT_USER_KEY, licenses);
    for (const [key, list] of Object.entries(options.extraUsers ?? {})) this.users.set(key, list);
    this.v1OnlyUserKey = options.v1OnlyUserKey || DEFAULT_V1_ONLY_USER_KEY;
    this.store = new Store(this.now);
    this.buckets = new TokenBuckets(this.now);
    this.peaks = new PeakMeter(this.now);
    this.config = { ...DEFAULT_CONFIG, ...options.config };
    this.labTestTypes = [...(options.labTestTypes ?? DEFAULT_LAB_TEST_TYPES)];
    this.reset();
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  facilityName(license: string): string {
    return this.store.facilities.get(license)?.name ?? license;
  }

  /** Back to the boot configuration and data; faults, log, buckets and peaks are cleared. */
  reset(): void {
    this.config = { ...DEFAULT_CONFIG, ...this.options.config };
    this.labTestTypes = [...(this.options.labTestTypes ?? DEFAULT_LAB_TEST_TYPES)];
    this.store.reset();
    this.faults.clear();
    this.requests.clear();
    this.buckets.reset();
    this.resetStats();
    const licenses = new Set([...this.users.values()].flat());
    for (const license of licenses)
      this.store.addFacility({ license, name: license === this.labLicense ? 'LabTrace Demo Lab' : `Facility ${license}`, facilityType: 'Laboratory' });
    this.store.addFacility(DEMO_SHIPPER);
    this.store.addFacility(OTHER_LAB);
    if (this.options.seedDemo ?? true) this.seedDemo();
  }

  resetStats(): void {
    this.peaks.reset();
    this.counters.requests = 0;
    this.counters.gets = 0;
    this.counters.rateLimited = 0;
  }

  /** Two transfers to the lab: one three days old (received), one from the last hour (received per autoReceive). */
  private seedDemo(): void {
    const now = this.now();
    const older = this.store.createTransfer({
      shipperLicense: DEMO_SHIPPER.license,
      recipientLicense: this.labLicense,
      lastModified: now - 72 * HOUR,
      packages: [
        {
          itemName: 'Blue Dream Flower - test sample',
          itemCategoryName: 'Flower',
          quantity: 7,
          sourcePackageLabels: [this.store.nextLabel()],
          requiredLabTestBatches: ['NY Flower Compliance'],
        },
      ],
    });
    this.store.receive(older.transfer, now - 71 * HOUR);
    const recent = this.store.createTransfer({
      shipperLicense: DEMO_SHIPPER.license,
      recipientLicense: this.labLicense,
      lastModified: now - HOUR,
      packages: [
        {
          itemName: 'Gelato Pre-Roll - test sample',
          itemCategoryName: 'Pre-Roll',
          quantity: 5,
          sourcePackageLabels: [this.store.nextLabel()],
          requiredLabTestBatches: ['NY Flower Compliance'],
        },
        {
          itemName: 'Live Resin - test sample',
          itemCategoryName: 'Concentrate',
          quantity: 2,
          sourcePackageLabels: [this.store.nextLabel()],
          requiredLabTestBatches: ['NY Concentrate Compliance'],
        },
      ],
    });
    if (this.config.autoReceive) this.store.receive(recent.transfer);
  }
}
