import { memoLast } from './string-memo';

describe('memoLast', () => {
  it('computes once per run of the same text and again when the text changes', () => {
    const seen: string[] = [];
    const length = memoLast((text) => (seen.push(text), { n: text.length }));
    const first = length('2026-03-14T08:54:00Z');
    expect(length('2026-03-14T08:54:00Z')).toBe(first);
    expect(length('2026-03-15')).toEqual({ n: 10 });
    expect(length('2026-03-14T08:54:00Z')).toEqual(first);
    expect(seen).toEqual(['2026-03-14T08:54:00Z', '2026-03-15', '2026-03-14T08:54:00Z']);
  });

  it('does not remember a call that throws, and keeps the answer before it', () => {
    let calls = 0;
    const iso = memoLast((text) => (calls++, new Date(text).toISOString()));
    expect(iso('2026-03-14T08:54:00Z')).toBe('2026-03-14T08:54:00.000Z');
    expect(() => iso('not a date')).toThrow(RangeError);
    expect(() => iso('not a date')).toThrow(RangeError);
    expect(iso('2026-03-14T08:54:00Z')).toBe('2026-03-14T08:54:00.000Z');
    expect(calls).toBe(3);
  });
});
