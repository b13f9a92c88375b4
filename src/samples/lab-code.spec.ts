import { formatLabCode, LAB_CODE_PATTERN } from './lab-code';

describe('formatLabCode', () => {
  it('uses the month in the lab’s time zone, not UTC', () => {
    // 03:00 UTC on 1 Dec is still 30 Nov in New York.
    expect(formatLabCode(new Date('2026-12-01T03:00:00Z'), 123, 'America/New_York')).toBe('LT-2611-000123');
    expect(formatLabCode(new Date('2026-12-01T12:00:00Z'), 123, 'America/New_York')).toBe('LT-2612-000123');
  });
  it('keeps growing past six digits and matches the pattern', () => {
    const code = formatLabCode(new Date('2026-11-25T12:00:00Z'), 1234567, 'America/New_York');
    expect(code).toBe('LT-2611-1234567');
    expect(code).toMatch(LAB_CODE_PATTERN);
  });
});
