import { isAtRisk, reportingDeadline } from './deadline';

describe('the 48-hour reporting clock', () => {
  const released = new Date('2026-11-25T10:00:00Z');
  it('sets the deadline 48 hours after release', () => {
    expect(reportingDeadline(released).toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });
  it('flags an undelivered submission within 12 hours of its deadline, and never a delivered one', () => {
    const deadline = reportingDeadline(released);
    expect(isAtRisk(deadline, false, new Date('2026-11-26T21:59:59Z'))).toBe(false);
    expect(isAtRisk(deadline, false, new Date('2026-11-26T22:00:00Z'))).toBe(true);
    expect(isAtRisk(deadline, false, new Date('2026-11-28T00:00:00Z'))).toBe(true);
    expect(isAtRisk(deadline, true, new Date('2026-11-28T00:00:00Z'))).toBe(false);
  });
});
