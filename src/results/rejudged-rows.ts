import { resolveAnalyte } from '../rules/analytes/vocabulary';
import type { GroupEntry } from './entry/check-entries';

/** What judging decides about a row, and what identifies it: the fields a re-judgement can change. */
export interface JudgedRowFacts {
  analyteGroup: string;
  analyte: string;
  computed: boolean;
  status: string;
  limitText: string | null;
  limitSetId: string | null;
}

/** A value before and after (null: the row did not exist on that side). */
export interface Change<T> {
  from: T | null;
  to: T | null;
}

/** A row the write did not carry whose verdict, limit or limit set changed when the version was judged again. */
export interface RejudgedRow {
  group: string;
  analyte: string;
  status: Change<string>;
  limit: Change<string>;
  limitSetId: Change<string>;
}

/** Tells whether a row of the composed version was written by the write itself (as opposed to kept and re-judged). */
export type WrittenRow = (row: Pick<JudgedRowFacts, 'analyteGroup' | 'analyte' | 'computed'>) => boolean;

/**
 * The rows a write of `groups` wrote: every row of a group it replaced; when it merged (imports), only
 * the analytes it carried, plus the group's totals (computed from them). Mirrors composeRows' `kept`.
 */
export function writtenBy(groups: readonly GroupEntry[], merge: boolean): WrittenRow {
  const touched = new Set(groups.map((g) => g.group));
  if (!merge) return (row) => touched.has(row.analyteGroup);
  let carried: Set<string> | null = null;
  // Resolved only when a kept row of a touched group changed (under a new limit set: once per sample).
  const carriedIds = () =>
    (carried ??= new Set(groups.flatMap((g) => g.analytes.map((a) => resolveAnalyte(a.analyte)?.id).filter((id): id is string => id !== undefined))));
  return (row) => touched.has(row.analyteGroup) && (row.computed || carriedIds().has(row.analyte));
}

/**
 * The rows judged again that the write did not carry and whose status, limit or limit set differ between
 * the version as stored (`before`) and as composed (`after`), in group then analyte order. Empty when
 * re-judging changed nothing. A row only one side has (a total appearing or vanishing) has null on the other.
 */
export function rejudgedRows(before: readonly JudgedRowFacts[], after: readonly JudgedRowFacts[], written: WrittenRow): RejudgedRow[] {
  const earlier = new Map(before.map((r) => [r.analyte, r]));
  const changed: RejudgedRow[] = [];
  for (const row of after) {
    const was = earlier.get(row.analyte);
    earlier.delete(row.analyte);
    // Unchanged first: it is cheaper, and a merge resolves the written analytes only when one is asked about.
    if ((was && sameJudgement(was, row)) || written(row)) continue;
    changed.push(change(row, was ?? null, row));
  }
  for (const was of earlier.values()) if (!written(was)) changed.push(change(was, was, null));
  return changed.sort((a, b) => byCode(a.group, b.group) || byCode(a.analyte, b.analyte));
}

function sameJudgement(a: JudgedRowFacts, b: JudgedRowFacts): boolean {
  return a.status === b.status && a.limitText === b.limitText && a.limitSetId === b.limitSetId;
}

function change(row: JudgedRowFacts, from: JudgedRowFacts | null, to: JudgedRowFacts | null): RejudgedRow {
  return {
    group: row.analyteGroup,
    analyte: row.analyte,
    status: { from: from?.status ?? null, to: to?.status ?? null },
    limit: { from: from?.limitText ?? null, to: to?.limitText ?? null },
    limitSetId: { from: from?.limitSetId ?? null, to: to?.limitSetId ?? null },
  };
}

/** Code-unit order, as the database (collation C) sorts rows. */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
