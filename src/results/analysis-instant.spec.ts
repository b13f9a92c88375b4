import { analysisInstant } from './analysis-instant';
import { impossibleAnalysisDates } from './entry/analysis-dates';

// The conversion itself (days, zone-less times, offsets, DST) is specified in src/common/lab-instant.spec.ts.
const NY = 'America/New_York';

describe('analysisInstant', () => {
  it('stores a day alone as the start of that lab day, which the COA prints as the day given (UTC midnight printed the day before)', () => {
    const stored = analysisInstant('2026-03-05', NY);
    expect(stored.toISOString()).toBe('2026-03-05T05:00:00.000Z');
    const nyDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: NY }).format(at);
    expect(nyDay(stored)).toBe('2026-03-05');
    expect(nyDay(new Date('2026-03-05'))).toBe('2026-03-04');
  });

  it('agrees with impossibleAnalysisDates, which judges a zone-less time on the same lab clock', () => {
    // Received 01:30 in New York; 02:00 typed is after it there (02:00 UTC would be 4.5 hours before).
    const bounds = { receivedAt: new Date('2026-12-05T06:30:00Z'), now: new Date('2026-12-06T12:00:00Z'), timeZone: NY };
    const typed = (analysedAt: string) => impossibleAnalysisDates([{ group: 'metals', analysedAt, analytes: [] }], bounds);
    expect(typed('2026-12-05T02:00')).toEqual([]);
    // 01:00 there is half an hour before the receipt: refused, at the instant analysisInstant would store.
    expect(typed('2026-12-05T01:00')).toMatchObject([{ problem: 'before_receipt', at: analysisInstant('2026-12-05T01:00', NY) }]);
  });
});
