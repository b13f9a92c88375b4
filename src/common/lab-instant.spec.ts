import { labDateInstant, labDay } from './lab-instant';

const NY = 'America/New_York';
const iso = (text: string, zone = NY) => labDateInstant(text, zone).toISOString();
// The day as the COA prints it (the calendar day in America/New_York).
const nyDay = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: NY }).format(new Date(at));

describe('labDateInstant', () => {
  it('places a day alone at the start of that day in the zone, around the March and November DST changes', () => {
    // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
    expect(iso('2026-03-07')).toBe('2026-03-07T05:00:00.000Z');
    expect(iso('2026-03-08')).toBe('2026-03-08T05:00:00.000Z');
    expect(iso('2026-03-09')).toBe('2026-03-09T04:00:00.000Z');
    expect(iso('2026-11-01')).toBe('2026-11-01T04:00:00.000Z');
    expect(iso('2026-11-02')).toBe('2026-11-02T05:00:00.000Z');
    expect(iso('2026-12-01')).toBe('2026-12-01T05:00:00.000Z');
    for (const day of ['2026-03-08', '2026-11-01', '2026-12-01']) expect(nyDay(iso(day))).toBe(day);
  });

  it('reads a date-time without a zone on the zone’s wall clock', () => {
    expect(iso('2026-12-05T02:00')).toBe('2026-12-05T07:00:00.000Z');
    expect(nyDay(iso('2026-12-05T02:00'))).toBe('2026-12-05');
    expect(iso('2026-07-01T09:00:00')).toBe('2026-07-01T13:00:00.000Z');
    expect(iso('2026-07-01 09:00:00.2509')).toBe('2026-07-01T13:00:00.250Z');
    // Either side of the spring change: 01:30 EST, 03:30 EDT.
    expect(iso('2026-03-08T01:30')).toBe('2026-03-08T06:30:00.000Z');
    expect(iso('2026-03-08T03:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('2026-12-05T02:00', 'Asia/Tokyo')).toBe('2026-12-04T17:00:00.000Z');
  });

  it('keeps a date-time with Z or an offset as the instant it names', () => {
    expect(iso('2026-03-08T06:30:00Z')).toBe('2026-03-08T06:30:00.000Z');
    expect(iso('2026-11-01T01:30:00-04:00')).toBe('2026-11-01T05:30:00.000Z');
    expect(iso('2026-11-01T01:30:00-0500')).toBe('2026-11-01T06:30:00.000Z');
    expect(iso('2026-12-02T09:30:00.250+05:30', 'Asia/Tokyo')).toBe('2026-12-02T04:00:00.250Z');
  });

  it('is an invalid Date for text off the calendar or not a date', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-12-05T24:00', '2026-12-05T10:00+05:99', 'not a date']) {
      expect(Number.isNaN(labDateInstant(text, NY).getTime())).toBe(true);
    }
  });
});

describe('labDay', () => {
  it('reads an instant on the lab’s clock, and leaves an unreadable date as it is', () => {
    expect(labDay('2026-12-05T03:00:00.000Z', 'America/New_York')).toBe('2026-12-04');
    expect(labDay('not a date', 'UTC')).toBe('not a date');
  });
});
