import type { UserAct } from '../audit/audit.service';
import type { ResultSourceType } from './entities/analyte-result.entity';

/**
 * Who wrote to a version of a sample's results, and what they did: separation of duties keeps every
 * one of them from releasing it, approving its amendment or resolving its QC flags. Rows and marks say
 * who wrote what is there now; the audit trail's `results.*` events of the version also name who
 * removed something (a cleared group leaves no row, a withdrawn mark no mark). Receiving the sample
 * (`received`) is an act of every version: the receiver sets facts the verdict is judged on (edible
 * servings and weights, solvent extraction, the receipt date that picks the panel set). Saving the
 * instrument mapping an import read through (`mapping`) is an act of the versions that import wrote:
 * the mapping's method fixes the LOD and LOQ printed for its results.
 */
export type ContributorAct = 'received' | 'entered' | 'imported' | 'mapping' | 'amended' | 'cleared' | 'marked_not_tested' | 'withdrew_mark' | 'changed';

/** The order acts are listed in. */
export const CONTRIBUTOR_ACTS: readonly ContributorAct[] = [
  'received',
  'entered',
  'imported',
  'mapping',
  'amended',
  'cleared',
  'marked_not_tested',
  'withdrew_mark',
  'changed',
];

/**
 * Audited sample actions whose actor set facts that decide the verdict. Receipt is the only one today:
 * after it no lab route changes edible facts, solventExtracted or receivedAt (a re-announcement changes
 * only a pending sample, on the licensee's word).
 */
export const SAMPLE_FACT_ACTIONS: readonly string[] = ['sample.received'];

export interface Contribution {
  act: ContributorAct;
  /** Analyte groups it touched, sorted (empty when the record names none). */
  groups: string[];
}

export interface VersionContributor {
  userId: string;
  /** As recorded when they acted (the part of `Name <email>` before the address). */
  displayName: string;
  did: Contribution[];
}

/** A version's stored rows by writer (computed totals carry the id of whoever wrote last). */
export interface RowWriter {
  userId: string;
  label: string | null;
  sourceType: ResultSourceType;
  group: string;
}

export interface MarkWriter {
  userId: string;
  label: string;
  group: string;
}

/**
 * A user's `results.*` audit events of the version, per action and group (AuditService.userActsOfVersion),
 * and their SAMPLE_FACT_ACTIONS events of the sample (AuditService.userActsOf; no group).
 */
export type AuditedAct = UserAct;

const ROW_ACTS: Record<ResultSourceType, ContributorAct | null> = {
  manual: 'entered',
  instrument_import: 'imported',
  coa_import: 'imported',
  amendment: 'amended',
  computed: null,
};

/** What an audited action was; null for one that only accompanies another write of the same person (re-judging). */
function auditedAct(e: AuditedAct): ContributorAct | null {
  switch (e.action) {
    case 'sample.received':
      return 'received';
    case 'results.entered':
      return e.emptied ? 'cleared' : 'entered';
    case 'results.instrument_import':
    case 'results.coa_import':
      return 'imported';
    case 'results.amendment':
      return 'amended';
    case 'results.not_tested_marked':
      return 'marked_not_tested';
    case 'results.not_tested_withdrawn':
      return 'withdrew_mark';
    case 'results.rejudged':
      return null;
    default:
      return 'changed';
  }
}

/** "Morgan Lee <morgan@lab.test>" -> "Morgan Lee"; a bare address stays as it is. */
export function displayNameOf(label: string): string {
  const name = /^(.*?)\s*<[^<>]*>\s*$/.exec(label)?.[1]?.trim();
  return name || label.trim();
}

/** Every user who wrote to the version, with what they did to which groups; by name, then id. */
export function contributorsOf(rows: readonly RowWriter[], marks: readonly MarkWriter[], events: readonly AuditedAct[]): VersionContributor[] {
  const byUser = new Map<string, { label: string | null; acts: Map<ContributorAct, Set<string>> }>();
  const note = (userId: string, label: string | null, act: ContributorAct | null, group: string | null) => {
    const user = byUser.get(userId) ?? { label: null, acts: new Map<ContributorAct, Set<string>>() };
    user.label ??= label;
    byUser.set(userId, user);
    if (!act) return;
    const groups = user.acts.get(act) ?? new Set<string>();
    if (group) groups.add(group);
    user.acts.set(act, groups);
  };
  for (const e of events) {
    note(e.actorId, e.actorLabel, auditedAct(e), e.group);
    if (e.mappingSavedBy) note(e.mappingSavedBy.id, e.mappingSavedBy.label, 'mapping', e.group);
  }
  for (const r of rows) note(r.userId, r.label, ROW_ACTS[r.sourceType], r.group);
  for (const m of marks) note(m.userId, m.label, 'marked_not_tested', m.group);
  return [...byUser]
    .map(([userId, { label, acts }]) => ({
      userId,
      displayName: label ? displayNameOf(label) : userId,
      did:
        acts.size === 0
          ? [{ act: 'changed' as const, groups: [] }]
          : CONTRIBUTOR_ACTS.filter((a) => acts.has(a)).map((act) => ({ act, groups: [...acts.get(act)!].sort() })),
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
