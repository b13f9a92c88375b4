import type { QcFlag, SampleResults } from '../../api/types';
import { groupName, humanizeMessage } from '../../lib/display-names';
import { accountedFor, notTestedOf } from '../sample/not-tested-api';
import { contributorReason } from './contributor-check';

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

export function releaseBlockers(results: SampleResults | undefined, flags: QcFlag[] | undefined, me: { email: string; id?: string }): string[] {
  const reasons: string[] = [];
  if (!results) return reasons;
  const mine = results.groups.flatMap((g) => g.analytes).filter((a) => !a.computed && isMe(a.analyst, me.email));
  if (mine.length > 0) reasons.push(`You entered or imported ${mine.length} of these results; another manager must review and release them.`);
  const marked = results.groups.flatMap(notTestedOf).filter((m) => isMe(m.markedBy, me.email));
  if (marked.length > 0) reasons.push(`You marked ${marked.length} analyte(s) not tested; another manager must review and release them.`);
  // Whoever else wrote to the version (cleared a group, withdrew a mark) left nothing on screen: the API's list names them.
  const wrote = reasons.length === 0 && me.id ? contributorReason(results.contributors, { id: me.id }) : null;
  if (wrote) reasons.push(wrote);
  const open = (flags ?? []).filter((f) => !f.resolvedAt);
  if (open.length > 0) reasons.push(`${open.length} QC flag(s) are open: ${open.map((f) => humanizeMessage(f.message)).join('; ')}`);
  // The API refuses these too (CLAIMS_UNSUPPORTED): a row with no method, an ND/<LOQ with no LOD or LOQ (a COA import's rows are that lab's report).
  const unsupported = unsupportedRows(results);
  if (unsupported.length > 0) reasons.push(`${unsupported.length} result(s) lack what the COA would claim: ${unsupported.join('; ')}`);
  // Gaps only marked not tested make a partial certificate (INCOMPLETE), which may be released; other gaps may not.
  if (!accountedFor(results) || results.missingGroups.length > 0)
    reasons.push(`Results are incomplete: ${results.missingGroups.map(groupName).join(', ') || humanizeMessage(results.reason)}`);
  return reasons;
}

/** Rows the certificate could not back, as "Group Analyte: what is missing" (the API's own check decides). */
export function unsupportedRows(results: SampleResults): string[] {
  return results.groups.flatMap((g) =>
    g.analytes
      // Instrument-import rows too: their upload names each group's method, which fills the method and LOD / LOQ.
      .filter((a) => !a.computed)
      .flatMap((a) => {
        const missing = [
          ...(a.method?.trim() ? [] : ['no method']),
          ...((a.qualifier === 'ND' || a.qualifier === '<LOQ') && a.lod === null && a.loq === null && a.sourceType !== 'coa_import' ? ['no LOD or LOQ'] : []),
        ];
        return missing.length > 0 ? [`${groupName(g.group)} ${a.name}: ${missing.join(', ')}`] : [];
      }),
  );
}
