import { wallClockToInstant } from './zoned-time';

const NY = 'America/New_York';
const at = (wall: string, zone: string) => new Date(wallClockToInstant(Date.parse(`${wall}Z`), zone)).toISOString();

describe('wallClockToInstant', () => {
  it('places a New York wall-clock time in winter (EST, UTC-5) and summer (EDT, UTC-4)', () => {
    expect(at('2026-01-15T01:30:00.000', NY)).toBe('2026-01-15T06:30:00.000Z');
    expect(at('2026-07-15T01:30:00.250', NY)).toBe('2026-07-15T05:30:00.250Z');
  });

  it('lands right on the days the offset changes', () => {
    // 2026-03-08: clocks go 02:00 EST -> 03:00 EDT; 2026-11-01: 02:00 EDT -> 01:00 EST.
    expect(at('2026-03-08T01:59:00.000', NY)).toBe('2026-03-08T06:59:00.000Z');
    expect(at('2026-03-08T03:00:00.000', NY)).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-11-01T03:00:00.000', NY)).toBe('2026-11-01T08:00:00.000Z');
  });

  it('is the identity in UTC', () => {
    expect(at('2026-12-02T03:30:00.000', 'UTC')).toBe('2026-12-02T03:30:00.000Z');
  });
});
