import type { ImportPlan } from './import-plan';

/** Where a stored (not computed) row of a sample's current version came from. */
export interface StoredRowOrigin {
  sampleId: string;
  analyte: string;
  analyteGroup: string;
  sourceType: string;
  sourceId: string | null;
  /** UTC ISO, or null. */
  analysedAt: string | null;
}

/** A row a re-import leaves as it is, because something other than an import of the same bytes wrote it since. */
export interface RowLeftAsIs {
  sampleId: string;
  labCode: string | null;
  group: string;
  analyte: string;
  /** "hand entry", "amendment", "instrument import <id>", "COA import <id>". */
  changedBy: string;
}

/** At most this many rows left as they are, or replaced since a duplicate, are named one by one; the rest are counted. */
export const NAMED_ROWS_MAX = 20;

/** Who wrote a row, in the answer's words. */
export function writtenBy(row: Pick<StoredRowOrigin, 'sourceType' | 'sourceId'>): string {
  switch (row.sourceType) {
    case 'manual':
      return 'hand entry';
    case 'amendment':
      return 'amendment';
    case 'instrument_import':
      return `instrument import ${row.sourceId ?? '(unknown)'}`;
    case 'coa_import':
      return `COA import ${row.sourceId ?? '(unknown)'}`;
    default:
      return row.sourceType;
  }
}

/**
 * A re-import of bytes stored before (`bytesRuns`: every run of those bytes) writes only the rows that
 * still come from one of those runs, or that no row holds yet: those it may fill (their methods, LOD,
 * LOQ; values only as the upload's reading choices read the same file). A row written since by hand,
 * by an amendment or by another file is left as it is and listed, and so is a row missing from a group
 * hand entry or an amendment wrote since (they write groups whole: they removed it): sending a file
 * again must not revert a reasoned correction. `keepDates` (the file states no date and the upload gives none): a
 * row that still comes from the bytes keeps the analysis date it has, so a re-import never re-dates it.
 * Pure: the caller reads the stored rows' origins of the samples planned.
 */
export function reimportPlan(
  plan: ImportPlan,
  stored: readonly StoredRowOrigin[],
  bytesRuns: ReadonlySet<string>,
  keepDates: boolean,
): { plan: ImportPlan; leftAsIs: RowLeftAsIs[] } {
  const byKey = new Map(stored.map((r) => [`${r.sampleId}|${r.analyte}`, r]));
  // Hand entry and amendments write a group whole: a row the file carries missing from a group one of them wrote was removed by it.
  const rewritten = new Map<string, StoredRowOrigin>();
  for (const r of stored) if (r.sourceType === 'manual' || r.sourceType === 'amendment') rewritten.set(`${r.sampleId}|${r.analyteGroup}`, r);
  const leftAsIs: RowLeftAsIs[] = [];
  const left = new Set<string>();
  const samples = plan.samples.map((p) => {
    let rows = p.rows;
    const groups = p.groups
      .map((g) => {
        const analytes = g.analytes.flatMap((entry) => {
          const row = byKey.get(`${p.target.id}|${entry.analyte}`) ?? rewritten.get(`${p.target.id}|${g.group}`);
          if (!row) return [entry];
          if (row.sourceType === 'instrument_import' && row.sourceId !== null && bytesRuns.has(row.sourceId))
            return [keepDates && row.analysedAt ? { ...entry, analysedAt: row.analysedAt } : entry];
          leftAsIs.push({ sampleId: p.target.id, labCode: p.target.labCode, group: g.group, analyte: entry.analyte, changedBy: writtenBy(row) });
          left.add(`${p.target.id}|${entry.analyte}`);
          rows -= 1;
          return [];
        });
        return { ...g, analytes };
      })
      .filter((g) => g.analytes.length > 0);
    return { ...p, groups, rows };
  });
  if (leftAsIs.length === 0) return { plan, leftAsIs };
  return {
    plan: {
      ...plan,
      samples,
      lateAmplifications: plan.lateAmplifications.filter((l) => !left.has(`${l.sampleId}|${l.analyte}`)),
      warnings: [...plan.warnings, ...leftAsIsWarnings(leftAsIs)],
      accounting: { ...plan.accounting, stored: plan.accounting.stored - leftAsIs.length, leftAsIs: leftAsIs.length },
    },
    leftAsIs,
  };
}

/** One warning per row left as it is (the first NAMED_ROWS_MAX; then a count). */
export function leftAsIsWarnings(left: readonly RowLeftAsIs[]): string[] {
  const named = left
    .slice(0, NAMED_ROWS_MAX)
    .map(
      (r) =>
        `${r.labCode ?? r.sampleId}, ${r.analyte}: left as it is: ${r.changedBy} changed or removed it after this file was imported, and a file sent again does not overwrite that`,
    );
  return left.length > NAMED_ROWS_MAX ? [...named, `${left.length - NAMED_ROWS_MAX} more rows left as they are (changed since this file was imported)`] : named;
}

/** A stored run's answer's samples, as far as replacement goes. */
export interface RunMatched {
  sampleId: string;
  labCode: string | null;
  rows: number;
}

/**
 * Warnings for a duplicate answered with an earlier run's summary whose rows have since been replaced:
 * per sample, how many of the rows the run stored no longer come from it, and what the rows of the
 * groups it carried come from now. Empty when every row it stored is still its own.
 */
export function replacedSinceWarnings(
  runId: string,
  matched: readonly RunMatched[],
  groups: ReadonlySet<string>,
  current: readonly StoredRowOrigin[],
): string[] {
  const warnings: string[] = [];
  const bySample = new Map<string, StoredRowOrigin[]>();
  for (const r of current) if (groups.has(r.analyteGroup)) bySample.set(r.sampleId, [...(bySample.get(r.sampleId) ?? []), r]);
  for (const m of matched) {
    const rows = bySample.get(m.sampleId) ?? [];
    const own = rows.filter((r) => r.sourceType === 'instrument_import' && r.sourceId === runId).length;
    if (own >= m.rows) continue;
    const others = [...new Set(rows.filter((r) => !(r.sourceType === 'instrument_import' && r.sourceId === runId)).map(writtenBy))];
    const by = others.length > 0 ? ` (the rows of its groups now come from ${others.join(', ')})` : '';
    warnings.push(
      `${m.labCode ?? m.sampleId}: ${m.rows - own} of the ${m.rows} rows this import stored have since been replaced or removed${by}; this summary is the import as it was, the sample's results are as they are now`,
    );
  }
  return warnings.length > NAMED_ROWS_MAX
    ? [...warnings.slice(0, NAMED_ROWS_MAX), `${warnings.length - NAMED_ROWS_MAX} more samples whose rows from this import were replaced since`]
    : warnings;
}
