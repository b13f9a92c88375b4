/**
 * Lab sample codes: `LT-YYMM-NNNNNN`, the month of receipt in the lab's time zone and a database
 * sequence number. Short enough to write on a tube, unique, and what instrument sequences carry.
 */
export function formatLabCode(receivedAt: Date, sequence: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: '2-digit', month: '2-digit' }).formatToParts(receivedAt);
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = parts.find((p) => p.type === 'month')!.value;
  return `LT-${year}${month}-${String(sequence).padStart(6, '0')}`;
}

export const LAB_CODE_PATTERN = /^LT-\d{4}-\d{6,}$/;
