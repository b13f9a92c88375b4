/** Where a licensee's inventory id points, and the row version it had, as read from the database. */
export interface ResolvedSample {
  sampleId: string;
  version: number;
}

/** Entries kept before the map starts over (a fresh start costs one database read per sample polled). */
const MAX_ENTRIES = 200_000;

/**
 * A process's knowledge of the current row version of samples, fed by the database's notifications
 * (SampleVersionFeed). Trusted only while `live`; otherwise `resolve` answers nothing and callers read
 * the database.
 *
 * Two races are closed here. A database read that began before a change committed may finish after its
 * notification arrived: versions only grow, so the map keeps the larger. A read that began while the
 * map was deaf (or before a mapping change it could not see) is not remembered: `remember` takes the
 * epoch from `begin` and refuses when it moved. Every notification is recorded, also for samples never
 * polled, so a slow read of one cannot overwrite its newer version.
 */
export class SampleVersionMap {
  private readonly versions = new Map<string, number>();
  /** `${licenseeId} ${inventoryId}` -> sample id. */
  private readonly lookups = new Map<string, string>();
  private epoch = 0;
  private isLive = false;

  get live(): boolean {
    return this.isLive;
  }

  /** Take before a database read; pass to `remember`. */
  begin(): number {
    return this.epoch;
  }

  /** The sample and version the map is sure of, or undefined (then read the database). */
  resolve(licenseeId: string, inventoryId: string): ResolvedSample | undefined {
    if (!this.isLive) return undefined;
    const sampleId = this.lookups.get(`${licenseeId} ${inventoryId}`);
    if (sampleId === undefined) return undefined;
    const version = this.versions.get(sampleId);
    return version === undefined ? undefined : { sampleId, version };
  }

  /** What a database read found, unless the map went deaf or a mapping changed since `epoch`. */
  remember(licenseeId: string, inventoryId: string, found: ResolvedSample, epoch: number): void {
    if (!this.isLive || epoch !== this.epoch) return;
    if (this.versions.size >= MAX_ENTRIES || this.lookups.size >= MAX_ENTRIES) this.startOver();
    this.lookups.set(`${licenseeId} ${inventoryId}`, found.sampleId);
    this.raise(found.sampleId, found.version);
  }

  /** One notification payload: `<sample id> <row_version> <0|1 mapping may have changed>`. */
  heard(payload: string): void {
    const [sampleId, version, remapped] = payload.split(' ');
    const v = Number(version);
    if (!sampleId || !Number.isInteger(v)) return;
    if (remapped === '1') {
      this.lookups.clear();
      this.epoch += 1;
    }
    if (this.versions.size >= MAX_ENTRIES) this.startOver();
    this.raise(sampleId, v);
  }

  /** The connection is listening: changes committed from now on will be heard. */
  listening(): void {
    this.epoch += 1;
    this.isLive = true;
  }

  /** The connection is gone: forget everything, trust nothing until `listening` again. */
  deaf(): void {
    this.isLive = false;
    this.startOver();
  }

  private startOver(): void {
    this.epoch += 1;
    this.versions.clear();
    this.lookups.clear();
  }

  private raise(sampleId: string, version: number): void {
    const known = this.versions.get(sampleId);
    if (known === undefined || version > known) this.versions.set(sampleId, version);
  }
}
