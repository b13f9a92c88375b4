import type { SampleEntity } from '../samples/entities/sample.entity';
import { useInventoryIdSyntax } from '../traceability/inventory-id';
import { SampleLookup, SampleMatcher } from './sample-matcher';

// BioTrack's 16-digit tags, as the state adapter would set them at boot.
beforeAll(() => useInventoryIdSyntax({ pattern: /^\d{16}$/, description: 'exactly 16 digits' }));

const sample = (id: string, labCode: string, sampleInventoryId: string, lots: string[]): SampleEntity =>
  ({ id, labCode, sampleInventoryId, inventoryIds: lots, status: 'received' }) as SampleEntity;

const A = sample('a', 'LT-2611-000001', '1000000000000001', ['2000000000000001']);
const B = sample('b', 'LT-2611-000002', '1000000000000002', ['2000000000000002']);
const B2 = sample('b2', 'LT-2611-000003', '1000000000000003', ['2000000000000002']);

/** The samples module's lookups over three samples, counting the lot queries. */
function fakeLookup(samples: SampleEntity[] = [A, B, B2]): SampleLookup & { lotQueries: string[][] } {
  const lotQueries: string[][] = [];
  return {
    lotQueries,
    findByLabCodeOrInventoryId: (ref) =>
      Promise.resolve(samples.find((s) => (/^\d{16}$/.test(ref) ? s.sampleInventoryId === ref : s.labCode === ref.trim().toUpperCase())) ?? null),
    samplesOfLots: (lots) => {
      lotQueries.push([...lots]);
      return Promise.resolve(samples.filter((s) => s.inventoryIds.some((l) => lots.includes(l))));
    },
  };
}

describe('SampleMatcher.named', () => {
  it('finds a sample by lab code first, and names it once even when its inventory id is printed too', async () => {
    const matcher = new SampleMatcher(fakeLookup());
    expect(await matcher.named({ codes: ['lt-2611-000001'], inventoryIds: ['1000000000000001'] })).toEqual([{ sample: A, by: 'lab sample code' }]);
  });

  it('finds a sample by its own inventory id, ignoring ids of another syntax', async () => {
    const lookup = fakeLookup();
    const matcher = new SampleMatcher(lookup);
    expect(await matcher.named({ codes: ['2106EST0690.2453'], inventoryIds: ['1A406030000633F000008330', '1000000000000002'] })).toEqual([
      { sample: B, by: 'sample inventory id' },
    ]);
    expect(lookup.lotQueries).toEqual([]);
  });

  it('falls back to the sampled lot only when no id names a sample, and returns every sample of the lot', async () => {
    const lookup = fakeLookup();
    const matcher = new SampleMatcher(lookup);
    expect(await matcher.named({ codes: ['HV-2025-00417'], inventoryIds: ['2000000000000001'] })).toEqual([{ sample: A, by: 'sampled lot' }]);
    expect(await matcher.named({ codes: [], inventoryIds: ['2000000000000002', 'not-an-id'] })).toEqual([
      { sample: B, by: 'sampled lot' },
      { sample: B2, by: 'sampled lot' },
    ]);
    expect(lookup.lotQueries).toEqual([['2000000000000001'], ['2000000000000002']]);
  });

  it('names nothing when nothing matches, without asking for lots it cannot have', async () => {
    const lookup = fakeLookup();
    const matcher = new SampleMatcher(lookup);
    expect(await matcher.named({ codes: ['LT-0000-000000'], inventoryIds: [] })).toEqual([]);
    expect(lookup.lotQueries).toEqual([]);
  });
});

describe('SampleMatcher.byReference', () => {
  it('reads each distinct row reference by its syntax: lab code, sample inventory id, or a lot', async () => {
    const lookup = fakeLookup();
    const found = await new SampleMatcher(lookup).byReference(['LT-2611-000001', '1000000000000002', 'LT-2611-000001', '2000000000000002', 'LT-9999-999999']);
    expect([...found.keys()]).toEqual(['LT-2611-000001', '1000000000000002', '2000000000000002', 'LT-9999-999999']);
    expect(found.get('LT-2611-000001')).toEqual([{ sample: A, by: 'lab sample code' }]);
    expect(found.get('1000000000000002')).toEqual([{ sample: B, by: 'sample inventory id' }]);
    expect(found.get('2000000000000002')!.map((n) => [n.sample.id, n.by])).toEqual([
      ['b', 'sampled lot'],
      ['b2', 'sampled lot'],
    ]);
    expect(found.get('LT-9999-999999')).toEqual([]);
    // A lab code is never looked up as a lot.
    expect(lookup.lotQueries).toEqual([['2000000000000002']]);
  });
});

describe('SampleMatcher.byReference in a fixed number of reads', () => {
  /** A batched lookup (as the samples module offers) over many samples, counting every read it is asked for. */
  function countingLookup(samples: SampleEntity[]) {
    const calls = { one: 0, many: 0, lots: 0 };
    const lookup: SampleLookup = {
      findByLabCodeOrInventoryId: (ref) => {
        calls.one++;
        return Promise.resolve(samples.find((s) => s.sampleInventoryId === ref || s.labCode === ref.trim().toUpperCase()) ?? null);
      },
      findManyByLabCodeOrInventoryId: (refs) => {
        calls.many++;
        const found = new Map<string, SampleEntity>();
        for (const ref of refs) {
          const s = samples.find((x) => (/^\d{16}$/.test(ref) ? x.sampleInventoryId === ref : x.labCode === ref.trim().toUpperCase()));
          if (s) found.set(ref, s);
        }
        return Promise.resolve(found);
      },
      samplesOfLots: (lots) => {
        calls.lots++;
        return Promise.resolve(samples.filter((s) => s.inventoryIds.some((l) => lots.includes(l))));
      },
    };
    return { lookup, calls };
  }

  it('reads twice for 1,000 unmatched inventory ids, and answers each as the one-reference path does', async () => {
    const unknown = Array.from({ length: 1000 }, (_, i) => String(5000000000000000 + i));
    const refs = [...unknown, '2000000000000002', 'LT-2611-000001', '2000000000000001', 'LT-0000-000000', ...unknown.slice(0, 10)];
    const { lookup, calls } = countingLookup([A, B, B2]);
    const found = await new SampleMatcher(lookup).byReference(refs);
    expect(calls).toEqual({ one: 0, many: 1, lots: 1 });
    expect([...found.keys()]).toEqual([...new Set(refs)]);
    for (const ref of unknown) expect(found.get(ref)).toEqual([]);
    expect(found.get('2000000000000002')).toEqual([
      { sample: B, by: 'sampled lot' },
      { sample: B2, by: 'sampled lot' },
    ]);
    expect(found.get('2000000000000001')).toEqual([{ sample: A, by: 'sampled lot' }]);
    expect(found.get('LT-2611-000001')).toEqual([{ sample: A, by: 'lab sample code' }]);
    expect(found.get('LT-0000-000000')).toEqual([]);

    // The reference answer: each reference alone through `named`, as the matcher read them one at a time before.
    const one = new SampleMatcher(fakeLookup());
    for (const ref of ['2000000000000002', '2000000000000001', ...unknown.slice(0, 3)])
      expect(found.get(ref)).toEqual(await one.named({ codes: [], inventoryIds: [ref] }));
  });

  it('gives a sample taken from two named lots to each of them, in the order the lot read returned, and asks nothing of the lots when every reference names its own sample', async () => {
    const older = sample('o', 'LT-2611-000010', '1000000000000010', ['3000000000000001', '3000000000000002']);
    const newer = sample('n', 'LT-2611-000011', '1000000000000011', ['3000000000000002']);
    const { lookup, calls } = countingLookup([older, newer]);
    const found = await new SampleMatcher(lookup).byReference(['3000000000000002', '3000000000000001']);
    expect(found.get('3000000000000002')!.map((n) => n.sample.id)).toEqual(['o', 'n']);
    expect(found.get('3000000000000001')!.map((n) => n.sample.id)).toEqual(['o']);
    expect(calls.lots).toBe(1);

    const direct = countingLookup([older, newer]);
    await new SampleMatcher(direct.lookup).byReference(['1000000000000010', 'LT-2611-000011']);
    expect(direct.calls).toEqual({ one: 0, many: 1, lots: 0 });
  });
});
