import type { QcFlag, SampleResults } from '../../api/types';
import { groupName, humanizeMessage } from '../../lib/display-names';
import { accountedFor, notTestedOf } from '../sample/not-tested-api';

/**
 * Why this manager may not release, as far as the console can tell beforehand; the API decides (and
 * says why) in the end. Results record who entered or imported them (`analyst`), which is what the
 * API's own four-eyes check compares with the releasing manager.
 */
/** The API writes who acted as `Name <email>` (older rows: the bare email). */
export function isMe(analyst: string | null, email: string): boolean {
  if (!analyst) return false;
  const address = /<([^>]+)>\s*$/.exec(analyst)?.[1] ?? analyst;
  return address.trim().toLowerCase() === email.toLowerCase();
}

export function releaseBlockers(results: SampleResults | undefined, flags: QcFlag[] | undefined, me: { email: string }): string[] {
  const reasons: string[] = [];
  if (!results) return reasons;
  const mine = results.groups.flatMap((g) => g.analytes).filter((a) => !a.computed && isMe(a.analyst, me.email));
  if (mine.length > 0) reasons.push(`You entered or imported ${mine.length} of these results; another manager must review and release them.`);
  const marked = results.groups.flatMap(notTestedOf).filter((m) => isMe(m.markedBy, me.email));
  if (marked.length > 0) reasons.push(`You marked ${marked.length} analyte(s) not tested; another manager must review and release them.`);
  const open = (flags ?? []).filter((f) => !f.resolvedAt);
  if (open.length > 0) reasons.push(`${open.length} QC flag(s) are open: ${open.map((f) => humanizeMessage(f.message)).join('; ')}`);
  // Gaps only marked not tested make a partial certificate (INCOMPLETE), which may be released; other gaps may not.
  if (!accountedFor(results) || results.missingGroups.length > 0)
    reasons.push(`Results are incomplete: ${results.missingGroups.map(groupName).join(', ') || humanizeMessage(results.reason)}`);
  return reasons;
}
