import { memoLast } from '../common/string-memo';
import type { LimitRuleEntity } from '../rules/entities/limit-set.entity';
import { judgeGroup, SamplePanel, summariseSample } from '../rules/judgement/judge-sample';
import type { AnalyteResultInput, GroupJudgement, SampleJudgement } from '../rules/judgement/judgement.types';
import { EdibleSampleFacts, edibleMeasuresOf } from '../samples/edible-facts';
import type { AnalyteResultEntity, ResultSourceType } from './entities/analyte-result.entity';
import type { CheckedEntry } from './entry/check-entries';
import type { NewResultRow } from './results.repository';

/** Who and what a new or kept row came from, stored beside its value. */
export interface RowOrigin {
  sourceType: ResultSourceType;
  sourceId: string | null;
  enteredBy: string | null;
  analyst: string | null;
}

/** A row before judgement: its value, its metadata, and where it came from. */
export interface PendingRow extends CheckedEntry, RowOrigin {}

/** A stored row back as a pending one (kept as it is when another group changes). */
export function pendingFromStored(row: AnalyteResultEntity): PendingRow {
  return {
    group: row.analyteGroup,
    analyte: row.analyte,
    analyteName: row.analyteName,
    value: row.value,
    qualifier: row.qualifier,
    unit: row.unit,
    lod: row.lod,
    loq: row.loq,
    dilution: row.dilution,
    method: row.method,
    methodId: row.methodId,
    methodSetId: row.methodSetId,
    instrument: row.instrument,
    analysedAt: row.analysedAt?.toISOString() ?? null,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    enteredBy: row.enteredBy,
    analyst: row.analyst,
  };
}

/**
 * Judges a version's rows group by group against the product type's rules and returns the rows to
 * store (computed totals included, each carrying its verdict and the limit set) and the verdict.
 * Pure: the caller loads and stores.
 */
export function judgeRows(
  sample: { id: string; panel: string[] } & EdibleSampleFacts,
  version: number,
  rows: readonly PendingRow[],
  limitSet: { id: string; rules: readonly LimitRuleEntity[] },
  panel: SamplePanel = {},
): { rows: NewResultRow[]; groups: GroupJudgement[]; verdict: SampleJudgement } {
  const byGroup = new Map<string, PendingRow[]>();
  for (const row of rows) {
    const group = byGroup.get(row.group);
    if (group) group.push(row);
    else byGroup.set(row.group, [row]);
  }
  const context = { edible: edibleMeasuresOf(sample) };
  // Every required group is judged, rows or not, against its required analytes and not-tested marks.
  const marks = panel.notTested ?? [];
  const names = new Set([...byGroup.keys(), ...sample.panel, ...marks.map((m) => m.group)]);
  const groups = [...names].map((group) =>
    judgeGroup(
      group,
      (byGroup.get(group) ?? []).map(toInput),
      limitSet.rules,
      { requiredAnalytes: panel.requiredAnalytes?.[group], notTested: marks.filter((m) => m.group === group) },
      context,
    ),
  );
  const stored: NewResultRow[] = [];
  // Rows of one file share one date: one Date for each run of the same text (never changed after).
  // The texts are instants already: withMethods placed a typed day in the lab's zone (labDateInstant), stored rows are ISO.
  const dateOf = memoLast((text) => new Date(text));
  for (const group of groups) {
    const origin = new Map((byGroup.get(group.group) ?? []).map((r) => [r.analyte, r]));
    for (const judged of group.analytes) {
      const source = origin.get(judged.analyte);
      stored.push({
        sampleId: sample.id,
        version,
        analyteGroup: group.group,
        analyte: judged.analyte,
        analyteName: judged.name,
        value: judged.value,
        qualifier: judged.qualifier,
        unit: judged.unit,
        lod: source?.lod ?? null,
        loq: source?.loq ?? null,
        dilution: source?.dilution ?? null,
        method: source?.method ?? null,
        methodId: source?.methodId ?? null,
        methodSetId: source?.methodSetId ?? null,
        instrument: source?.instrument ?? null,
        analyst: source?.analyst ?? null,
        analysedAt: source?.analysedAt ? dateOf(source.analysedAt) : null,
        sourceType: source ? source.sourceType : 'computed',
        sourceId: source?.sourceId ?? null,
        enteredBy: source?.enteredBy ?? null,
        computed: judged.computed,
        limitSetId: limitSet.id,
        status: judged.status,
        limitText: judged.limitText,
        judgementReason: judged.reason,
      });
    }
  }
  return { rows: stored, groups, verdict: summariseSample(sample.panel, groups) };
}

function toInput(row: PendingRow): AnalyteResultInput {
  return { analyte: row.analyte, value: row.value ?? null, qualifier: row.qualifier ?? null, unit: row.unit, lod: row.lod ?? null, loq: row.loq ?? null };
}

/** A result as the audit trail keeps it: what was reported and how it was judged. */
export function auditedRow(r: {
  analyte: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
  status: string;
  lod?: string | null;
  loq?: string | null;
  methodId?: string | null;
}) {
  // LOD, LOQ and method are kept too: a row's own LOD/LOQ (above the method's) must show in the trail.
  return {
    analyte: r.analyte,
    value: r.value,
    qualifier: r.qualifier,
    unit: r.unit,
    status: r.status,
    lod: r.lod ?? null,
    loq: r.loq ?? null,
    methodId: r.methodId ?? null,
  };
}
