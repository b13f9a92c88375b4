import { getAnalyte } from '../analytes/vocabulary';
import type { RetestRules } from './retest-rules';

/** What a failed parent may be retested for. */
export type RetestDecision =
  | {
      allowed: true;
      /** The retest sample's panel: the failed groups, widened by the rules (sorted). */
      groups: string[];
      /** Groups the retest must report whole (e.g. microbials), for the reviewer and the COA. */
      wholeGroups: string[];
    }
  | { allowed: false; prohibited: Array<{ analyte: string; name: string }>; reason: string };

/**
 * The retest panel from the parent's failures (ny-testing-rules.md, "Retest and remediation"):
 * - a failure on a prohibited pesticide cannot be remediated, so no retest is allowed at all, and the
 *   refusal names each such pesticide and where the list comes from;
 * - otherwise only the failed groups are retested, except where a rule widens a group's retest
 *   (a microbial failure retests the whole microbial group, not only the organism that failed).
 */
export function deriveRetestPanel(parent: { failedGroups: readonly string[]; failedAnalytes: readonly string[] }, rules: RetestRules): RetestDecision {
  const prohibitedIds = new Set(rules.prohibitedPesticides.analytes);
  const prohibited = [...new Set(parent.failedAnalytes)]
    .filter((id) => prohibitedIds.has(id))
    .sort()
    .map((analyte) => ({ analyte, name: getAnalyte(analyte)?.name ?? analyte }));
  if (prohibited.length > 0) {
    const names = prohibited.map((p) => p.name).join(', ');
    return {
      allowed: false,
      prohibited,
      reason:
        `Failed on prohibited pesticide${prohibited.length > 1 ? 's' : ''} ${names}: a prohibited-pesticide failure cannot be remediated, ` +
        `so the lot cannot be retested (${rules.prohibitedPesticides.sourceTag}: ${rules.prohibitedPesticides.source})`,
    };
  }
  const byGroup = new Map(rules.failedGroupRetests.map((rule) => [rule.group, rule]));
  const groups = new Set<string>();
  const wholeGroups = new Set<string>();
  for (const failed of new Set(parent.failedGroups)) {
    const rule = byGroup.get(failed);
    for (const group of rule?.retestGroups ?? [failed]) groups.add(group);
    if (rule?.wholeGroup) rule.retestGroups.forEach((group) => wholeGroups.add(group));
  }
  return { allowed: true, groups: [...groups].sort(), wholeGroups: [...wholeGroups].sort() };
}
