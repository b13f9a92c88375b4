import { analysisInstant } from './analysis-instant';
import { impossibleAnalysisDates } from './entry/analysis-dates';

const NY = 'America/New_York';
const iso = (text: string, zone = NY) => analysisInstant(text, zone).toISOString();
// The day as the COA prints it (displayDay: the calendar day in America/New_York).
const nyDay = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: NY }).format(new Date(at));

describe('analysisInstant', () => {
  it('places a day alone at the start of that day in the lab zone, on either side of a DST change', () => {
    // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
    expect(iso('2026-03-05')).toBe('2026-03-05T05:00:00.000Z');
    expect(iso('2026-03-08')).toBe('2026-03-08T05:00:00.000Z');
    expect(iso('2026-03-09')).toBe('2026-03-09T04:00:00.000Z');
    expect(iso('2026-11-01')).toBe('2026-11-01T04:00:00.000Z');
    expect(iso('2026-11-02')).toBe('2026-11-02T05:00:00.000Z');
  });

  it('is the day given in the lab zone, where UTC midnight was the day before', () => {
    for (const day of ['2026-03-05', '2026-03-08', '2026-11-01', '2026-11-02', '2026-12-31']) expect(nyDay(iso(day))).toBe(day);
    expect(nyDay(new Date('2026-03-05').toISOString())).toBe('2026-03-04');
  });

  it('passes a date-time through as the instant it names', () => {
    expect(iso('2026-03-08T06:30:00Z')).toBe('2026-03-08T06:30:00.000Z');
    expect(iso('2026-11-01T01:30:00-04:00')).toBe('2026-11-01T05:30:00.000Z');
    expect(iso('2026-12-02T09:30:00.250Z', 'Asia/Tokyo')).toBe('2026-12-02T09:30:00.250Z');
  });

  it('reads a date-time without a zone on the lab clock, not the server’s', () => {
    expect(iso('2026-12-05T02:00')).toBe('2026-12-05T07:00:00.000Z');
    expect(nyDay(iso('2026-12-05T02:00'))).toBe('2026-12-05');
  });

  it('agrees with impossibleAnalysisDates, which judges a zone-less time on the same lab clock', () => {
    // Received 01:30 in New York; 02:00 typed is after it there (02:00 UTC would be 4.5 hours before).
    const bounds = { receivedAt: new Date('2026-12-05T06:30:00Z'), now: new Date('2026-12-06T12:00:00Z'), timeZone: NY };
    const typed = (analysedAt: string) => impossibleAnalysisDates([{ group: 'metals', analysedAt, analytes: [] }], bounds);
    expect(typed('2026-12-05T02:00')).toEqual([]);
    // 01:00 there is half an hour before the receipt: refused, at the instant analysisInstant would store.
    expect(typed('2026-12-05T01:00')).toMatchObject([{ problem: 'before_receipt', at: analysisInstant('2026-12-05T01:00', NY) }]);
  });

  it('reads the day in the zone it is given (UTC: UTC midnight)', () => {
    expect(iso('2026-03-05', 'UTC')).toBe('2026-03-05T00:00:00.000Z');
    expect(iso('2026-03-05', 'Asia/Tokyo')).toBe('2026-03-04T15:00:00.000Z');
  });

  it('gives an invalid Date for text that is not a date', () => {
    expect(Number.isNaN(analysisInstant('not a date', NY).getTime())).toBe(true);
  });
});
