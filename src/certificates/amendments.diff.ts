import { labDay } from '../common/lab-instant';
import { reportingLab } from '../results/entry/other-lab';

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
  /** The LOD and LOQ the row was reported with, and the limit it was judged against as printed ("≤ 0.5 µg/g"). */
  lod: string | null;
  loq: string | null;
  limit: string | null;
  /** How and when it was measured: the method as printed, its registry id (absent from a results view: see withMethodIds), the instant. */
  method: string | null;
  methodId?: string | null;
  analysedAt: string | null;
  computed: boolean;
  /** Where the row came from (the view's sourceType): a coa_import row is another lab's report. Absent: this lab's. */
  sourceType?: string;
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
 * The fields a reviewer must see change: what is reported, how it is judged, and how and when it was
 * measured. A changed LOD or LOQ moves what ND and <LOQ mean, a changed limit moves the verdict; the
 * method (as printed, and the registry method behind it) and the analysed day are printed on the COA,
 * and re-dating or re-methoding a result is as much a change of record as re-valuing it.
 * The date is compared as the lab's calendar day (`analysedDay`), which is all the COA prints: a time
 * moved within the same day changes nothing printed, judged or reported, so alone it is no amendment
 * (and the amendment keeps the stored instant, see carryAnalysisFacts).
 * `reportedBy` is whose result it is: null for this laboratory's, the other lab for a row of its COA
 * (as its method line names it). It tells a re-test (another lab's row becomes this lab's: reportedBy
 * changes to null) from a transcription correction (reportedBy stays, the value changes).
 */
export const DIFFED_FIELDS = ['value', 'qualifier', 'unit', 'status', 'lod', 'loq', 'limit', 'method', 'methodId', 'analysedDay', 'reportedBy'] as const;
export type DiffedField = (typeof DIFFED_FIELDS)[number];

/** One side of a change: the diffed fields, the date as the lab's day ("2026-12-04"; null: not recorded). */
export type AnalyteSide = Pick<DiffableAnalyte, 'value' | 'qualifier' | 'unit' | 'status' | 'lod' | 'loq' | 'limit' | 'method'> & {
  methodId: string | null;
  analysedDay: string | null;
  reportedBy: string | null;
};

export interface AnalyteChange {
  analyte: string;
  name: string;
  computed: boolean;
  change: 'changed' | 'added' | 'removed' | 'unchanged';
  /** Which of DIFFED_FIELDS differ (all of them for added and removed), in DIFFED_FIELDS' order. */
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

/** `timeZone`: the lab's (AppConfig lab.timezone), in which analysis dates are compared and shown as days. */
export function diffVersions(before: DiffableVersion, after: DiffableVersion, timeZone: string): AmendmentDiff {
  const oldGroups = new Map(before.groups.map((g) => [g.group, g]));
  const newGroups = new Map(after.groups.map((g) => [g.group, g]));
  const names = [...new Set([...oldGroups.keys(), ...newGroups.keys()])].sort();
  const groups: GroupChange[] = [];
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const name of names) {
    const oldGroup = oldGroups.get(name);
    const newGroup = newGroups.get(name);
    const analytes = diffAnalytes(oldGroup?.analytes ?? [], newGroup?.analytes ?? [], timeZone);
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
function diffAnalytes(before: readonly DiffableAnalyte[], after: readonly DiffableAnalyte[], timeZone: string): AnalyteChange[] {
  const newById = new Map(after.map((a) => [a.analyte, a]));
  const oldIds = new Set(before.map((a) => a.analyte));
  const out: AnalyteChange[] = before.map((old) => {
    const now = newById.get(old.analyte);
    if (!now)
      return {
        analyte: old.analyte,
        name: old.name,
        computed: old.computed,
        change: 'removed',
        fields: [...DIFFED_FIELDS],
        before: side(old, timeZone),
        after: null,
      };
    const [was, is] = [side(old, timeZone), side(now, timeZone)];
    const fields = DIFFED_FIELDS.filter((f) => was[f] !== is[f]);
    return {
      analyte: old.analyte,
      name: now.name,
      computed: now.computed,
      change: fields.length > 0 ? 'changed' : 'unchanged',
      fields,
      before: was,
      after: is,
    };
  });
  for (const now of after) {
    if (!oldIds.has(now.analyte))
      out.push({
        analyte: now.analyte,
        name: now.name,
        computed: now.computed,
        change: 'added',
        fields: [...DIFFED_FIELDS],
        before: null,
        after: side(now, timeZone),
      });
  }
  return out;
}

function side(a: DiffableAnalyte, timeZone: string): AnalyteSide {
  return {
    value: a.value,
    qualifier: a.qualifier,
    unit: a.unit,
    status: a.status,
    lod: a.lod,
    loq: a.loq,
    limit: a.limit,
    method: a.method,
    methodId: a.methodId ?? null,
    analysedDay: a.analysedAt ? labDay(a.analysedAt, timeZone) : null,
    reportedBy: a.computed ? null : reportingLab({ sourceType: a.sourceType, method: a.method }),
  };
}

/**
 * A version's analytes with the registry method id of their stored rows (the results view does not
 * show it): the same method text can stand for another registry method, or a method id be dropped.
 */
export function withMethodIds(version: DiffableVersion, rows: readonly { analyteGroup: string; analyte: string; methodId: string | null }[]): DiffableVersion {
  const ids = new Map(rows.map((r) => [`${r.analyteGroup}\u0000${r.analyte}`, r.methodId]));
  return {
    ...version,
    groups: version.groups.map((g) => ({
      ...g,
      analytes: g.analytes.map((a) => ({ ...a, methodId: ids.get(`${g.group}\u0000${a.analyte}`) ?? null })),
    })),
  };
}

/** The lab's calendar day of an instant, "2026-12-04" (shared with the results module, which keeps a same-day time). */

/** Only the reference: a view's limit set may carry more than the diff keeps. */
function limitSetRef(set: LimitSetRef | null): LimitSetRef | null {
  return set ? { id: set.id, name: set.name, effectiveDate: set.effectiveDate } : null;
}
