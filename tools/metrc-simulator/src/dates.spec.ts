import { formatDate, formatOptional, parseDate, SENTINEL } from './dates';

const ny = { dateStyle: 'mixed', timeZone: 'America/New_York' } as const;

describe('metrc simulator dates', () => {
  const winter = Date.parse('2026-12-01T14:48:30.123Z');
  const summer = Date.parse('2026-07-01T14:48:30.123Z');

  it.each([
    ['zulu', winter, '2026-12-01T14:48:30Z'],
    ['utcOffset', winter, '2026-12-01T14:48:30+00:00'],
    ['utcSevenDigits', winter, '2026-12-01T14:48:30.1230123+00:00'],
    ['localOffset', winter, '2026-12-01T09:48:30-05:00'],
    ['localOffset', summer, '2026-07-01T10:48:30-04:00'],
    ['localNoOffset', winter, '2026-12-01T09:48:30.123'],
    ['dateOnly', Date.parse('2026-12-01T03:00:00Z'), '2026-11-30'],
    ['utcDateOnly', Date.parse('2026-12-01T03:00:00Z'), '2026-12-01'],
  ] as const)('prints %s as Metrc does', (format, ms, expected) => {
    expect(formatDate(ms, format, ny)).toBe(expected);
  });

  it('prints the .NET sentinel for an unset date only where asked, and every date ISO with dateStyle iso', () => {
    expect(formatOptional(null, 'utcOffset', ny, true)).toBe(SENTINEL);
    expect(formatOptional(null, 'utcOffset', ny)).toBeNull();
    expect(formatOptional(null, 'utcOffset', { ...ny, dateStyle: 'iso' }, true)).toBeNull();
    expect(formatDate(winter, 'localNoOffset', { ...ny, dateStyle: 'iso' })).toBe('2026-12-01T14:48:30.123Z');
  });

  it.each([
    ['2026-12-01T14:48:30Z', '2026-12-01T14:48:30.000Z'],
    ['2026-12-01T09:48:30-05:00', '2026-12-01T14:48:30.000Z'],
    ['2026-12-01T09:48:30-0500', '2026-12-01T14:48:30.000Z'],
    ['2026-12-01T14:48:30.7441994+00:00', '2026-12-01T14:48:30.744Z'],
    ['2026-12-01T14:48:30.000', '2026-12-01T14:48:30.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(new Date(parseDate(text)).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-13-01', '2026-02-30T00:00:00Z', '2026-12-01T25:00:00Z', ''])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNaN();
  });
});
