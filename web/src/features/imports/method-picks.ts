import type { ImportGroupMethod } from '../../api/imports';
import { groupLabel } from '../../lib/vocabulary';

/** The method the technician picked for each group of the file (registry id; '' for none). */
export type MethodPicks = Readonly<Record<string, string>>;

/** One group's line in the picker: what the select shows and whether it can be changed. */
export interface PickRow {
  group: string;
  label: string;
  /** The picked id, or the mapping's for a group its instrument's mapping names. */
  value: string;
  /** The instrument's mapping names this group's method: the API refuses another, so it is shown, not offered. */
  fromMapping: boolean;
}

/**
 * The groups of the previewed file with their pick. A group the instrument's mapping gives a method
 * shows that method, fixed (naming another is refused: the mapping is what a manager saved).
 */
export function pickRows(groups: readonly ImportGroupMethod[], picks: MethodPicks): PickRow[] {
  return groups.map((g) => {
    const fromMapping = g.from === 'mapping';
    return { group: g.group, label: groupLabel(g.group), value: fromMapping ? (g.methodId ?? '') : (picks[g.group] ?? ''), fromMapping };
  });
}

/**
 * The picks after an answer: a group the technician has not picked for (not even "none") takes the
 * method the answer says the upload gave it, as when a file imported before with its methods answers
 * again, so the select shows what was stored and a store sends the same.
 */
export function adoptAnswered(picks: MethodPicks, groups: readonly ImportGroupMethod[]): MethodPicks {
  const adopted = groups.filter((g) => g.from === 'upload' && g.methodId && picks[g.group] === undefined);
  if (adopted.length === 0) return picks;
  return { ...picks, ...Object.fromEntries(adopted.map((g) => [g.group, g.methodId!])) };
}

/**
 * The upload's `methods` field: the picked ids, comma-separated, for the groups the file carries and
 * the mapping does not name; null when none is picked (the field is left out).
 */
export function methodsField(groups: readonly ImportGroupMethod[], picks: MethodPicks): string | null {
  const ids = groups.filter((g) => g.from !== 'mapping').map((g) => picks[g.group] ?? '');
  const named = [...new Set(ids.filter((id) => id !== ''))].sort();
  return named.length > 0 ? named.join(',') : null;
}

/** The warning shown while groups would be (or were) stored without a method; null when every group has one. */
export function withoutMethodWarning(groups: readonly string[] | undefined, stored: boolean): string | null {
  if (!groups || groups.length === 0) return null;
  const names = groups.map(groupLabel).join(', ');
  const were = stored ? 'were stored' : 'would be stored';
  return (
    `${names} ${were} without a method: the sample cannot be submitted until each group's method is given. ` +
    (stored ? 'Import the file again picking the method, or enter these results by hand with their method.' : 'Pick the method of each group above.')
  );
}
