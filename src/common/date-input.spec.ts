import { isDateTimeInput } from './date-input';

describe('isDateTimeInput', () => {
  it('takes ISO 8601 dates and date-times on real days', () => {
    for (const ok of ['2026-11-30T14:00:00Z', '2026-11-30', '2026-11-30T14:00', '2024-02-29T00:00:00.123+05:30', '2026-11-30T14:00:00-0500'])
      expect([ok, isDateTimeInput(ok)]).toEqual([ok, true]);
  });

  it('refuses days that do not exist, impossible times, years outside 1900-9999 and other shapes', () => {
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2025-02-29',
      '2026-13-01',
      '2026-11-30T24:00:00Z',
      '2026-11-30T14:60',
      '0000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '1899-12-31',
      '30/11/2026',
      '2026-11-30T14:00:00ZZ',
      '',
      42,
    ])
      expect([bad, isDateTimeInput(bad)]).toEqual([bad, false]);
  });
});
