import type { SampleEntity } from '../samples/entities/sample.entity';
import { isInventoryId } from '../traceability/inventory-id';

/** Which of a file's ids found the sample. */
export type SampleMatchedBy = 'lab sample code' | 'sample inventory id' | 'sampled lot';

/** The sample reads the matcher needs (the samples module, or a fake in tests). */
export interface SampleLookup {
  /** The sample with this lab code, or with this sample inventory id when the ref has that syntax. */
  findByLabCodeOrInventoryId(ref: string): Promise<SampleEntity | null>;
  /** findByLabCodeOrInventoryId for many refs in one read (a 400-sample batch), keyed by ref; optional. */
  findManyByLabCodeOrInventoryId?(refs: readonly string[]): Promise<Map<string, SampleEntity>>;
  /** Samples taken from any of these lots, oldest first, each once (its `inventoryIds` tell which of the lots it came from). */
  samplesOfLots(lots: readonly string[]): Promise<SampleEntity[]>;
}

/** What a file says about which sample it is about. */
export interface SampleRefs {
  /** Lab sample codes as the file prints them. */
  codes: readonly string[];
  /** Inventory ids: the sample's own, or the lot it was taken from. */
  inventoryIds: readonly string[];
}

export interface NamedSample {
  sample: SampleEntity;
  by: SampleMatchedBy;
}

/**
 * Finds our samples from a file's ids, for instrument exports (one reference per row) and COA PDFs
 * (the ids a certificate prints) alike: by lab code, then by sample inventory id, then, only when
 * neither names a sample, every sample taken from the lots named. Reads only; the import run locks.
 */
export class SampleMatcher {
  constructor(private readonly lookup: SampleLookup) {}

  /** Each sample the ids name, once, with the first kind of id that named it. */
  async named(refs: SampleRefs): Promise<NamedSample[]> {
    const named = new Map<string, NamedSample>();
    const add = (sample: SampleEntity | null, by: SampleMatchedBy) => {
      if (sample && !named.has(sample.id)) named.set(sample.id, { sample, by });
    };
    for (const code of refs.codes) add(await this.lookup.findByLabCodeOrInventoryId(code), 'lab sample code');
    const inventoryIds = refs.inventoryIds.filter((id) => isInventoryId(id));
    for (const id of inventoryIds) add(await this.lookup.findByLabCodeOrInventoryId(id), 'sample inventory id');
    if (named.size === 0 && inventoryIds.length > 0) {
      for (const sample of await this.lookup.samplesOfLots(inventoryIds)) add(sample, 'sampled lot');
    }
    return [...named.values()];
  }

  /**
   * For files that name a sample per row: each distinct reference, read as a lab code or an inventory id by its syntax.
   * The same answers as `named` per reference, in a fixed number of reads however many references there are:
   * every reference's own sample in one read, then the lots of all the inventory ids that named none in one more.
   */
  async byReference(refs: Iterable<string>): Promise<Map<string, NamedSample[]>> {
    const distinct = [...new Set(refs)];
    const own = await this.ownSamples(distinct);
    const lotRefs = distinct.filter((ref) => !own.has(ref) && isInventoryId(ref));
    const ofLot = await this.samplesByLot(lotRefs);
    const found = new Map<string, NamedSample[]>();
    for (const ref of distinct) {
      const sample = own.get(ref);
      const fromLot = (ofLot.get(ref) ?? []).map((s): NamedSample => ({ sample: s, by: 'sampled lot' }));
      found.set(ref, sample ? [{ sample, by: isInventoryId(ref) ? 'sample inventory id' : 'lab sample code' }] : fromLot);
    }
    return found;
  }

  /** The sample each reference names itself (its lab code or sample inventory id), in one read when the lookup offers it. */
  private async ownSamples(refs: readonly string[]): Promise<Map<string, SampleEntity>> {
    if (this.lookup.findManyByLabCodeOrInventoryId) return this.lookup.findManyByLabCodeOrInventoryId(refs);
    const own = new Map<string, SampleEntity>();
    for (const ref of refs) {
      const sample = await this.lookup.findByLabCodeOrInventoryId(ref);
      if (sample) own.set(ref, sample);
    }
    return own;
  }

  /** Every sample taken from each lot, oldest first as samplesOfLots orders them, from one read for all the lots. */
  private async samplesByLot(lots: readonly string[]): Promise<Map<string, SampleEntity[]>> {
    const byLot = new Map<string, SampleEntity[]>(lots.map((lot) => [lot, []]));
    if (lots.length === 0) return byLot;
    const seen = new Set<string>();
    for (const sample of await this.lookup.samplesOfLots(lots)) {
      if (seen.has(sample.id)) continue;
      seen.add(sample.id);
      for (const lot of new Set(sample.inventoryIds)) byLot.get(lot)?.push(sample);
    }
    return byLot;
  }
}
