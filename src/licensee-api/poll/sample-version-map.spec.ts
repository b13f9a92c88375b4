import { SampleVersionMap } from './sample-version-map';

const L = 'licensee-1';
const INV = '1234567890123456';

function liveMap(): SampleVersionMap {
  const map = new SampleVersionMap();
  map.listening();
  return map;
}

describe('SampleVersionMap', () => {
  it('knows nothing until a database read is remembered, then answers from memory', () => {
    const map = liveMap();
    expect(map.resolve(L, INV)).toBeUndefined();
    map.remember(L, INV, { sampleId: 's1', version: 3 }, map.begin());
    expect(map.resolve(L, INV)).toEqual({ sampleId: 's1', version: 3 });
    expect(map.resolve('other-licensee', INV)).toBeUndefined();
  });

  it('moves to a notified version, and never back to an older read that finished later', () => {
    const map = liveMap();
    map.remember(L, INV, { sampleId: 's1', version: 3 }, map.begin());
    map.heard('s1 4 0');
    expect(map.resolve(L, INV)?.version).toBe(4);
    // A read that began before version 4 committed and returned after its notification.
    map.remember(L, INV, { sampleId: 's1', version: 3 }, map.begin());
    expect(map.resolve(L, INV)?.version).toBe(4);
  });

  it('keeps the notified version of a sample it was not asked about yet, so a slow first read cannot go stale', () => {
    const map = liveMap();
    const epoch = map.begin();
    map.heard('s1 8 0');
    map.remember(L, INV, { sampleId: 's1', version: 7 }, epoch);
    expect(map.resolve(L, INV)?.version).toBe(8);
  });

  it('forgets which sample an inventory id names when a sample is added or re-pointed, and refuses reads begun before', () => {
    const map = liveMap();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, map.begin());
    const epoch = map.begin();
    map.heard('s2 1 1');
    expect(map.resolve(L, INV)).toBeUndefined();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, epoch);
    expect(map.resolve(L, INV)).toBeUndefined();
    map.remember(L, INV, { sampleId: 's2', version: 1 }, map.begin());
    expect(map.resolve(L, INV)).toEqual({ sampleId: 's2', version: 1 });
  });

  it('trusts nothing while deaf, nor a read begun before it listened again', () => {
    const map = liveMap();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, map.begin());
    map.deaf();
    expect(map.resolve(L, INV)).toBeUndefined();
    const duringOutage = map.begin();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, duringOutage);
    map.listening();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, duringOutage);
    expect(map.resolve(L, INV)).toBeUndefined();
    map.remember(L, INV, { sampleId: 's1', version: 5 }, map.begin());
    expect(map.resolve(L, INV)).toEqual({ sampleId: 's1', version: 5 });
  });

  it('ignores a malformed payload', () => {
    const map = liveMap();
    map.remember(L, INV, { sampleId: 's1', version: 2 }, map.begin());
    map.heard('garbage');
    map.heard('');
    expect(map.resolve(L, INV)).toEqual({ sampleId: 's1', version: 2 });
  });
});
