import { knownSince, receiptTiming } from './receipt-date';

const now = new Date('2026-12-05T18:00:00Z');
const recordedAt = new Date('2026-12-05T13:19:00Z');
const at = (iso: string) => new Date(iso);

describe('receiptTiming', () => {
  it('refuses a receipt before the sample was announced, beyond 15 minutes, naming the bound', () => {
    expect(receiptTiming(at('2026-03-01T15:00:00Z'), { recordedAt, manifestAt: null, now })).toEqual({
      kind: 'before_known',
      knownSince: recordedAt,
      bound: at('2026-12-05T13:04:00Z'),
    });
    expect(receiptTiming(at('2026-12-05T13:03:59Z'), { recordedAt, manifestAt: null, now }).kind).toBe('before_known');
  });

  it('allows 15 minutes of clock drift before the announcement, as a late entry', () => {
    expect(receiptTiming(at('2026-12-05T13:04:00Z'), { recordedAt, manifestAt: null, now })).toEqual({ kind: 'after_the_fact' });
  });

  it('a manifest earlier than the lab’s record moves the bound back; a later one does not', () => {
    const manifestAt = at('2026-12-04T09:00:00Z');
    expect(receiptTiming(at('2026-12-04T10:00:00Z'), { recordedAt, manifestAt, now })).toEqual({ kind: 'after_the_fact' });
    expect(receiptTiming(at('2026-12-04T08:00:00Z'), { recordedAt, manifestAt, now })).toMatchObject({ kind: 'before_known', knownSince: manifestAt });
    expect(knownSince({ recordedAt, manifestAt: at('2026-12-05T14:00:00Z') })).toEqual(recordedAt);
  });

  it('a receipt within 15 minutes of now is current; one earlier is entered after the fact', () => {
    expect(receiptTiming(at('2026-12-05T17:45:00Z'), { recordedAt, manifestAt: null, now })).toEqual({ kind: 'current' });
    expect(receiptTiming(at('2026-12-05T17:44:59Z'), { recordedAt, manifestAt: null, now })).toEqual({ kind: 'after_the_fact' });
  });

  it('keeps the not-in-the-future check with its 5 minutes of skew', () => {
    expect(receiptTiming(at('2026-12-05T18:05:00Z'), { recordedAt, manifestAt: null, now })).toEqual({ kind: 'current' });
    expect(receiptTiming(at('2026-12-05T18:05:01Z'), { recordedAt, manifestAt: null, now })).toEqual({ kind: 'in_future' });
  });
});
