import { labDateInstant } from '../common/lab-instant';

/**
 * An instant (UTC ISO) from a date or date-time as an instrument or a COA prints it, read on the lab's
 * clock as labDateInstant reads every date LabTrace is given: instrument clocks and COAs carry no zone,
 * so "2026-03-14T01:30:00" is 01:30 in the lab's zone, and a date alone is the start of that day there.
 * A value with its own zone keeps it; anything unreadable is null.
 */
export function labInstant(value: string | null | undefined, timeZone: string): string | null {
  if (!value) return null;
  const at = labDateInstant(value, timeZone);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
