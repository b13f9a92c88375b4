import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('answers until the TTL runs out', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(1000, 10, () => now);
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the oldest entry beyond its size, and deletes by value', () => {
    const cache = new TtlCache<string, { key: string }>(60_000, 2);
    cache.set('a', { key: 'k1' });
    cache.set('b', { key: 'k2' });
    cache.set('c', { key: 'k2' });
    expect(cache.get('a')).toBeUndefined();
    cache.deleteWhere((v) => v.key === 'k2');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
  });
});
