import { SharedReads } from './shared-reads';

describe('SharedReads', () => {
  it('concurrent reads of one key at one generation share one read; other keys and later reads do not', async () => {
    const reads = new SharedReads<string>();
    let calls = 0;
    const read = (v: string) => () => new Promise<string>((r) => setTimeout(() => r(`${v}${++calls}`), 5));
    const [a, b, c] = await Promise.all([reads.run('k', 0, read('a')), reads.run('k', 0, read('b')), reads.run('other', 0, read('c'))]);
    expect([a, b]).toEqual(['a1', 'a1']);
    expect(c).toBe('c2');
    expect(await reads.run('k', 0, read('d'))).toBe('d3');
  });

  it('a caller at a newer generation (an invalidation heard since the read began) reads again', async () => {
    const reads = new SharedReads<number>();
    let calls = 0;
    const read = () => new Promise<number>((r) => setTimeout(() => r(++calls), 5));
    const [old, fresh] = await Promise.all([reads.run('k', 1, read), reads.run('k', 2, read)]);
    expect([old, fresh]).toEqual([1, 2]);
  });

  it('a failed read fails its joiners and is not kept', async () => {
    const reads = new SharedReads<number>();
    const failing = () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error('down')), 5));
    const both = Promise.allSettled([reads.run('k', 0, failing), reads.run('k', 0, failing)]);
    expect((await both).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await reads.run('k', 0, () => Promise.resolve(7))).toBe(7);
  });
});
