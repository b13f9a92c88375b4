/**
 * What an amendment changes: version N against the pending N+1, analyte by analyte. Pure: it reads
 * two judged views (SampleResultsDto fits) and returns only the groups in which something changed,
 * each with all of its analytes so the reviewer sees the unchanged ones beside the changed.
 */

export interface DiffableAnalyte {
  analyte: string;
  name: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  status: string;
  /** The LOQ the row was reported with, and the limit it was judged against as printed ("≤ 0.5 µg/g"). */
  loq: string | null;
  limit: string | null;
  computed: boolean;
}

export interface DiffableGroup {
  group: string;
  status: string;
  analytes: readonly DiffableAnalyte[];
}

export interface DiffableVersion {
  version: number;
  status: string;
  /** The limit set the version was judged by (null: no rows). */
  limitSet: LimitSetRef | null;
  groups: readonly DiffableGroup[];
}

export interface LimitSetRef {
  id: string;
  name: string;
  effectiveDate: string;
}

/**
 * The fields a reviewer must see change: what is reported and how it is judged. A changed LOQ moves
 * what ND and <LOQ mean, a changed limit moves the verdict; analyst, method and date are shown elsewhere.
 */
export const DIFFED_FIELDS = ['value', 'qualifier', 'unit', 'status', 'loq', 'limit'] as const;
export type DiffedField = (typeof DIFFED_FIELDS)[number];

export type AnalyteSide = Pick<DiffableAnalyte, DiffedField>;

export interface AnalyteChange {
  analyte: string;
  name: string;
  computed: boolean;
  change: 'changed' | 'added' | 'removed' | 'unchanged';
  /** Which of DIFFED_FIELDS differ (all of them for added and removed). */
  fields: DiffedField[];
  before: AnalyteSide | null;
  after: AnalyteSide | null;
}

export interface GroupChange {
  group: string;
  /** The group's verdict in N and N+1; null where the version has no such group. */
  before: string | null;
  after: string | null;
  analytes: AnalyteChange[];
}

export interface AmendmentDiff {
  fromVersion: number;
  toVersion: number;
  overall: { before: string; after: string };
  /** The limit set each version is judged by: a new set in force re-judges the groups the amendment kept. */
  limitSets: { before: LimitSetRef | null; after: LimitSetRef | null };
  groups: GroupChange[];
  /** How many analytes changed, were added or were removed, across all groups. */
  counts: { changed: number; added: number; removed: number };
}

export function diffVersions(before: DiffableVersion, after: DiffableVersion): AmendmentDiff {
  const oldGroups = new Map(before.groups.map((g) => [g.group, g]));
  const newGroups = new Map(after.groups.map((g) => [g.group, g]));
  const names = [...new Set([...oldGroups.keys(), ...newGroups.keys()])].sort();
  const groups: GroupChange[] = [];
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const name of names) {
    const oldGroup = oldGroups.get(name);
    const newGroup = newGroups.get(name);
    const analytes = diffAnalytes(oldGroup?.analytes ?? [], newGroup?.analytes ?? []);
    const verdictBefore = oldGroup?.status ?? null;
    const verdictAfter = newGroup?.status ?? null;
    if (verdictBefore === verdictAfter && analytes.every((a) => a.change === 'unchanged')) continue;
    for (const a of analytes) if (a.change !== 'unchanged') counts[a.change] += 1;
    groups.push({ group: name, before: verdictBefore, after: verdictAfter, analytes });
  }
  return {
    fromVersion: before.version,
    toVersion: after.version,
    overall: { before: before.status, after: after.status },
    limitSets: { before: limitSetRef(before.limitSet), after: limitSetRef(after.limitSet) },
    groups,
    counts,
  };
}

/** One group's analytes in N's order, with analytes new in N+1 after them in theirs. */
function diffAnalytes(before: readonly DiffableAnalyte[], after: readonly DiffableAnalyte[]): AnalyteChange[] {
  const newById = new Map(after.map((a) => [a.analyte, a]));
  const oldIds = new Set(before.map((a) => a.analyte));
  const out: AnalyteChange[] = before.map((old) => {
    const now = newById.get(old.analyte);
    if (!now)
      return { analyte: old.analyte, name: old.name, computed: old.computed, change: 'removed', fields: [...DIFFED_FIELDS], before: side(old), after: null };
    const fields = DIFFED_FIELDS.filter((f) => old[f] !== now[f]);
    return {
      analyte: old.analyte,
      name: now.name,
      computed: now.computed,
      change: fields.length > 0 ? 'changed' : 'unchanged',
      fields,
      before: side(old),
      after: side(now),
    };
  });
  for (const now of after) {
    if (!oldIds.has(now.analyte))
      out.push({ analyte: now.analyte, name: now.name, computed: now.computed, change: 'added', fields: [...DIFFED_FIELDS], before: null, after: side(now) });
  }
  return out;
}

function side(a: DiffableAnalyte): AnalyteSide {
  return { value: a.value, qualifier: a.qualifier, unit: a.unit, status: a.status, loq: a.loq, limit: a.limit };
}

/** Only the reference: a view's limit set may carry more than the diff keeps. */
function limitSetRef(set: LimitSetRef | null): LimitSetRef | null {
  return set ? { id: set.id, name: set.name, effectiveDate: set.effectiveDate } : null;
}
