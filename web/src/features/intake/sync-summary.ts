import type { SyncResult } from '../../api/types';

export type ClaimedSample = SyncResult['claimed'][number];

/** The toast after a sync: what came in, and what the lab has to follow up. */
export function syncSummary(r: SyncResult): string {
  const parts = [`${r.created} new`, `${r.unchanged} already known`];
  if (r.conflicts.length) parts.push(`${r.conflicts.length} could not be taken in`);
  if (r.claimed.length) parts.push(`${r.claimed.length} taken over from another licensee’s announcement`);
  return parts.join(', ');
}

/** One overruled announcement: who announced the tag, and whose the state system says it is. */
export function describeClaim(c: ClaimedSample, systemName: string): string {
  return (
    `${c.inventoryId}: announced by ${c.from.licenseNumber} (manifest ${c.from.manifestId}); ` +
    `${systemName} lists it as sent by ${c.to.licenseNumber} (manifest ${c.to.manifestId})`
  );
}
