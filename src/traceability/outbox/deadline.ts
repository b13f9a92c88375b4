/** 9 NYCRR §130.23(d): results reach OCM within 48 hours of the COA's release. */
export const REPORTING_WINDOW_HOURS = 48;
/** A submission this close to its deadline is flagged for a person to look at. */
export const AT_RISK_HOURS = 12;

export function reportingDeadline(releasedAt: Date): Date {
  return new Date(releasedAt.getTime() + REPORTING_WINDOW_HOURS * 3600_000);
}

export function isAtRisk(deadline: Date, delivered: boolean, now: Date): boolean {
  return !delivered && deadline.getTime() - now.getTime() <= AT_RISK_HOURS * 3600_000;
}
