import type { Contributor } from '../../api/types';
import { groupName } from '../../lib/display-names';

/**
 * `received` and `mapping` are named too until the generated schema lists them (the API counts the
 * receiver since session 23, and the saver of the instrument mapping an import read through since 24).
 */
type Act = Contributor['did'][number]['act'] | 'received' | 'mapping';

/** How each act reads after "You …", with the groups it touched. */
const PHRASES: Record<Act, (groups: string) => string> = {
  received: () => 'received this sample',
  entered: (g) => (g ? `entered results of ${g}` : 'entered results'),
  imported: (g) => (g ? `imported results of ${g}` : 'imported results'),
  mapping: (g) =>
    g ? `saved the instrument mapping (with its method) used to import ${g}` : 'saved an instrument mapping (with its method) used by an import',
  amended: (g) => (g ? `amended ${g}` : 'amended results'),
  cleared: (g) => (g ? `cleared ${g}` : 'cleared results'),
  marked_not_tested: (g) => (g ? `marked analytes of ${g} not tested` : 'marked analytes not tested'),
  withdrew_mark: (g) => (g ? `withdrew a not-tested mark of ${g}` : 'withdrew a not-tested mark'),
  changed: () => 'changed results',
};

/** "a", "a and b", "a, b and c". */
function listed(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Why the signed-in user may not release (or approve) this version, from the API's own list of everyone
 * who wrote to it (removals included: a cleared group leaves no row to recognise); null when they did not.
 */
export function contributorReason(contributors: readonly Contributor[] | undefined, me: { id: string }, act = 'release it'): string | null {
  const mine = contributors?.find((c) => c.userId === me.id);
  if (!mine) return null;
  const acts: ReadonlyArray<{ act: Act; groups: string[] }> = mine.did;
  // Receiving is of the sample (its facts decide every version's verdict); the other acts are of this version.
  const ofVersion = acts.filter((d) => d.act !== 'received').map((d) => PHRASES[d.act](listed(d.groups.map(groupName))));
  const did = listed([...(acts.some((d) => d.act === 'received') ? [PHRASES.received('')] : []), ...ofVersion]);
  return `You ${did}${ofVersion.length ? ' in this version' : ''}; another manager must ${act}.`;
}
