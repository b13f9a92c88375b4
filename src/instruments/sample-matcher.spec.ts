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
