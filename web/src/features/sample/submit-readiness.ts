import { groupName } from '../../lib/display-names';

/** The parts of GET /v1/samples/{id}/results that say whether a sample can go to review. */
export interface Readiness {
  accountedFor: boolean;
  groups: ReadonlyArray<{ analytes: readonly unknown[] }>;
  missingGroups: readonly string[];
  missingAnalytes: Readonly<Record<string, readonly string[]>>;
}

/**
 * Why *Submit for review* cannot succeed yet, in words, or null when it can. The server refuses the same
 * cases (409); saying so before the click spares the person a failed action.
 */
export function submitBlocker(results: Readiness | undefined, nameOf: (analyteId: string) => string = (id) => id): string | null {
  if (!results) return 'Checking the results…';
  if (results.accountedFor) return null;
  if (results.groups.every((g) => g.analytes.length === 0)) return 'No results yet: enter results before submitting for review.';
  const parts = [
    ...(results.missingGroups.length ? [`no results for ${results.missingGroups.map(groupName).join(', ')}`] : []),
    ...Object.entries(results.missingAnalytes)
      .filter(([group, ids]) => ids.length > 0 && !results.missingGroups.includes(group))
      .map(([group, ids]) => `${groupName(group)} is missing ${ids.length} (${listed(ids.map(nameOf))})`),
  ];
  return `Not ready for review: ${parts.join('; ')}. Enter them, or have a manager mark them not tested.`;
}

/** The first few names, then how many more. */
function listed(names: string[], shown = 5): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
