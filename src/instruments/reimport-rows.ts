import type { GroupEntry } from '../results/entry/check-entries';
import { correctionsOf, type ReportedRow } from '../results/entry/correction-reason';
import type { StoredRowOrigin } from '../results/row-origins';
import { canonicalUnit } from '../rules/judgement/units';
import type { ImportPlan } from './import-plan';

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
  const origins = storedOrigins(stored);
  const leftAsIs: RowLeftAsIs[] = [];
  const left = new Set<string>();
  const samples = plan.samples.map((p) => {
    const kept = reimportGroups(origins, p.target, p.groups, bytesRuns, { source: 'instrument_import', keepDates });
    for (const l of kept.leftAsIs) left.add(`${l.sampleId}|${l.analyte}`);
    leftAsIs.push(...kept.leftAsIs);
    return { ...p, groups: kept.groups, rows: p.rows - kept.leftAsIs.length };
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

/** Stored rows indexed for reimportGroups: by sample and analyte, and the groups hand entry or an amendment wrote (whole). */
export interface StoredOrigins {
  byKey: ReadonlyMap<string, StoredRowOrigin>;
  rewritten: ReadonlyMap<string, StoredRowOrigin>;
}

export function storedOrigins(stored: readonly StoredRowOrigin[]): StoredOrigins {
  const byKey = new Map(stored.map((r) => [`${r.sampleId}|${r.analyte}`, r]));
  // Hand entry and amendments write a group whole: a row the file carries missing from a group one of them wrote was removed by it.
  const rewritten = new Map<string, StoredRowOrigin>();
  for (const r of stored) if (r.sourceType === 'manual' || r.sourceType === 'amendment') rewritten.set(`${r.sampleId}|${r.analyteGroup}`, r);
  return { byKey, rewritten };
}

/**
 * One sample's share of a re-import (the rule of reimportPlan, for any kind of file): of the groups
 * planned for `target`, the rows that no row holds yet or that still come from a run of the same bytes
 * (`source` rows of `bytesRuns`); the rest left as they are. Groups left empty are dropped.
 */
export function reimportGroups(
  origins: StoredOrigins,
  target: { id: string; labCode: string | null },
  groups: readonly GroupEntry[],
  bytesRuns: ReadonlySet<string>,
  opts: { source: 'instrument_import' | 'coa_import'; keepDates: boolean },
): { groups: GroupEntry[]; leftAsIs: RowLeftAsIs[] } {
  const leftAsIs: RowLeftAsIs[] = [];
  const kept = groups
    .map((g) => {
      const analytes = g.analytes.flatMap((entry) => {
        const row = origins.byKey.get(`${target.id}|${entry.analyte}`) ?? origins.rewritten.get(`${target.id}|${g.group}`);
        if (!row) return [entry];
        if (row.sourceType === opts.source && row.sourceId !== null && bytesRuns.has(row.sourceId))
          return [opts.keepDates && row.analysedAt ? { ...entry, analysedAt: row.analysedAt } : entry];
        leftAsIs.push({ sampleId: target.id, labCode: target.labCode, group: g.group, analyte: entry.analyte, changedBy: writtenBy(row) });
        return [];
      });
      return { ...g, analytes };
    })
    .filter((g) => g.analytes.length > 0);
  return { groups: kept, leftAsIs };
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

/** A row hand entry or an amendment wrote that an import would change: the upload must say why (`reason`). */
export interface HandRowChanged {
  sampleId: string;
  labCode: string | null;
  group: string;
  analyte: string;
  /** "hand entry by <who>", "amendment by <who>". */
  changedBy: string;
  /** The result as recorded, e.g. "0.10 µg/g" or "ND". */
  before: string;
  /** The result the import would store. */
  after: string;
}

/** The upload's form field that says why an import changes rows written by hand or by an amendment. */
export const UPLOAD_REASON_FIELD = 'reason';

/**
 * The rows of the samples' working versions written by hand entry or an amendment (`manual`,
 * `amendment`) that `plan` would store with another value, qualifier or unit: as hand entry needs a
 * reason to change a recorded result, so does any import (a re-export with one byte changed is new
 * bytes). Rows from other imports are not listed (a new run replaces an old one); a row sent again as
 * recorded is no change. Pure: `stored` are the rows' origins with what they report.
 */
export function handRowsChanged(plan: ImportPlan, stored: readonly StoredRowOrigin[]): HandRowChanged[] {
  const byKey = new Map(stored.filter((r) => r.sourceType === 'manual' || r.sourceType === 'amendment').map((r) => [`${r.sampleId}|${r.analyte}`, r]));
  if (byKey.size === 0) return [];
  const changed: HandRowChanged[] = [];
  for (const p of plan.samples) {
    for (const g of p.groups) {
      for (const entry of g.analytes) {
        const row = byKey.get(`${p.target.id}|${entry.analyte}`);
        if (!row) continue;
        const recorded: ReportedRow = reportOf(row.analyteGroup, row.analyte, row.value ?? null, row.qualifier ?? null, row.unit ?? '');
        const next = reportOf(row.analyteGroup, row.analyte, entry.value ?? null, entry.qualifier ?? null, canonicalUnit(entry.unit) ?? entry.unit);
        const [correction] = correctionsOf([recorded], [next], new Set([row.analyteGroup]));
        if (!correction) continue;
        changed.push({
          sampleId: p.target.id,
          labCode: p.target.labCode,
          group: row.analyteGroup,
          analyte: row.analyte,
          changedBy: `${writtenBy(row)}${row.analyst ? ` by ${row.analyst}` : ''}`,
          before: correction.before,
          after: correction.after ?? '',
        });
      }
    }
  }
  return changed;
}

const LISTED = 5;

/** The `reason` field's message when it is missing: the rows the import would change (the first few), as hand entry words it. */
export function handRowsReasonMessage(changed: readonly HandRowChanged[]): string {
  const listed = changed.slice(0, LISTED).map((c) => `${c.labCode ?? c.sampleId} ${c.analyte} (${c.changedBy}: ${c.before} → ${c.after})`);
  const more = changed.length > LISTED ? ` and ${changed.length - LISTED} more` : '';
  return `${UPLOAD_REASON_FIELD} is required to change ${listed.join(', ')}${more}: results written by hand or by an amendment change only with a reason`;
}

/** One warning per row the import changes with the upload's reason (`reasonGiven`), or would change given one; the first NAMED_ROWS_MAX, then a count. */
export function handRowsWarnings(changed: readonly HandRowChanged[], reasonGiven: boolean): string[] {
  const named = changed
    .slice(0, NAMED_ROWS_MAX)
    .map((c) =>
      reasonGiven
        ? `${c.labCode ?? c.sampleId}, ${c.analyte}: ${c.changedBy} recorded ${c.before}; replaced by ${c.after} from this file, for the upload's ${UPLOAD_REASON_FIELD}`
        : `${c.labCode ?? c.sampleId}, ${c.analyte}: ${c.changedBy} recorded ${c.before}; this file would store ${c.after}: send ${UPLOAD_REASON_FIELD} to replace it`,
    );
  return changed.length > NAMED_ROWS_MAX ? [...named, `${changed.length - NAMED_ROWS_MAX} more rows written by hand or by an amendment change`] : named;
}

/** Per sample, the audit event of the rows a re-import left as they are (results.import_left_as_is); none for a sample with none. */
export function leftAsIsAudits(left: readonly RowLeftAsIs[], importId: string): Array<{ sampleId: string; after: Record<string, unknown> }> {
  const bySample = new Map<string, RowLeftAsIs[]>();
  for (const l of left) {
    const rows = bySample.get(l.sampleId);
    if (rows) rows.push(l);
    else bySample.set(l.sampleId, [l]);
  }
  return [...bySample].map(([sampleId, rows]) => ({
    sampleId,
    after: { importId, leftAsIs: rows.map((r) => ({ group: r.group, analyte: r.analyte, changedBy: r.changedBy })) },
  }));
}

function reportOf(analyteGroup: string, analyte: string, value: string | null, qualifier: string | null, unit: string): ReportedRow {
  return { analyteGroup, analyte, analyteName: analyte, value, qualifier, unit, computed: false };
}
