import { metrcResultDate, metrcTimestamp, parseMetrcDate } from './metrc-dates';

describe('parseMetrcDate', () => {
  it.each([
    ['2015-12-15T00:00:00Z', '2015-12-15T00:00:00.000Z'],
    ['2014-11-29', '2014-11-29T00:00:00.000Z'],
    ['2014-11-29T00:00:00+00:00', '2014-11-29T00:00:00.000Z'],
    ['2016-10-10T08:20:45-08:00', '2016-10-10T16:20:45.000Z'],
    ['2016-10-11T14:48:30.000', '2016-10-11T14:48:30.000Z'],
    ['2026-02-08T07:05:59.7441994+00:00', '2026-02-08T07:05:59.744Z'],
    ['2026-12-01T09:48:30-0500', '2026-12-01T14:48:30.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseMetrcDate(text)).toBe(iso);
  });

  it.each([['0001-01-01T00:00:00+00:00'], [''], [null], [undefined], ['not a date'], [42]])('reads %p as no date', (value) => {
    expect(parseMetrcDate(value)).toBeNull();
  });
});

describe('metrcTimestamp', () => {
  it('sends UTC to the second with an explicit Z', () => {
    expect(metrcTimestamp(new Date('2026-12-01T14:48:30.123Z'))).toBe('2026-12-01T14:48:30Z');
  });
});

describe('metrcResultDate', () => {
  it.each([
    // 21:30 in New York (EST) is already the next day in UTC: the lab's day is sent.
    ['2026-12-02T02:30:00.000Z', 'America/New_York', '2026-12-01T00:00:00Z'],
    // A day-only analysis date is stored as the start of that day on the lab's clock (EDT here).
    ['2026-07-01T04:00:00.000Z', 'America/New_York', '2026-07-01T00:00:00Z'],
    ['2026-12-02T02:30:00.000Z', 'UTC', '2026-12-02T00:00:00Z'],
    ['2026-03-05T23:00:00.000Z', 'Europe/Berlin', '2026-03-06T00:00:00Z'],
  ])('sends %s on the clock of %s as %s', (at, zone, sent) => {
    expect(metrcResultDate(new Date(at), zone)).toBe(sent);
  });
});

describe('parseMetrcDate with a time zone for times without an offset', () => {
  it.each([
    ['2026-12-01T09:48:30.000', '2026-12-01T14:48:30.000Z'],
    ['2026-07-01T09:48:30', '2026-07-01T13:48:30.000Z'],
    ['2026-12-01T09:48:30-05:00', '2026-12-01T14:48:30.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
  ])('reads %s in New York as %s', (text, iso) => {
    expect(parseMetrcDate(text, 'America/New_York')).toBe(iso);
  });
});
