import type { StoredRowOrigin } from '../results/row-origins';

/** Two uploads' choices (ImportFile.choices) are the same: the same keys with the same values, in any order. */
export function sameChoices(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): boolean {
  const left = Object.entries(a ?? {});
  const right = b ?? {};
  return left.length === Object.keys(right).length && left.every(([key, value]) => right[key] === value);
}

/**
 * Whether an earlier run answered again would misstate the rows: some row of its samples now comes
 * from another import of the same bytes made with other choices (`otherRuns`), so the same bytes with
 * the earlier run's choices would write it again (a method X → Y → X correction). Rows changed since by
 * hand, an amendment or another file do not count: a re-import leaves them as they are, so answering
 * the earlier run changes nothing there.
 */
export function replacedByOtherChoices(current: readonly StoredRowOrigin[], source: string, otherRuns: ReadonlySet<string>): boolean {
  return current.some((row) => row.sourceType === source && row.sourceId !== null && otherRuns.has(row.sourceId));
}
