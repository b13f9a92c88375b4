import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../audit/chain/canonical-json';
import type { LimitSetEntity } from '../rules/entities/limit-set.entity';
import type { GroupJudgement, SampleJudgement } from '../rules/judgement/judgement.types';
import type { EdibleSampleFacts } from '../samples/edible-facts';
import type { SampleResultsDto } from './dto/results-response.dto';
import { edibleView } from './edible-view';
import type { AnalyteResultEntity } from './entities/analyte-result.entity';
import type { NotTestedMarkEntity } from './not-tested/not-tested-mark.entity';
import { notTestedView } from './not-tested/not-tested.view';

/** Stored rows and their verdict as the API shows them, with the digest a release must send back. */
export function toResultsView(
  sample: { id: string; labCode: string | null; panel: string[] } & EdibleSampleFacts,
  version: number,
  released: boolean,
  rows: readonly AnalyteResultEntity[],
  verdict: SampleJudgement,
  limitSet: LimitSetEntity | null,
  marks: readonly NotTestedMarkEntity[] = [],
): SampleResultsDto {
  const byGroup = new Map<string, AnalyteResultEntity[]>();
  for (const r of rows) byGroup.set(r.analyteGroup, [...(byGroup.get(r.analyteGroup) ?? []), r]);
  const totalThc = rows.find((r) => r.analyte === 'total-thc');
  const totalCbd = rows.find((r) => r.analyte === 'total-cbd');
  const view: Omit<SampleResultsDto, 'resultsDigest'> = {
    sampleId: sample.id,
    labCode: sample.labCode,
    version,
    released,
    status: verdict.status,
    reason: verdict.reason,
    failedGroups: verdict.failedGroups,
    missingGroups: verdict.missingGroups,
    missingAnalytes: verdict.missingAnalytes,
    accountedFor: verdict.accountedFor,
    requiredGroups: [...sample.panel].sort(),
    limitSet: limitSet ? { id: limitSet.id, name: limitSet.name, effectiveDate: limitSet.effectiveDate } : null,
    edible: edibleView(sample, rows),
    totals: totalThc || totalCbd ? { totalThc: shown(totalThc), totalCbd: shown(totalCbd), unit: (totalThc ?? totalCbd)!.unit } : null,
    groups: verdict.groups.map((g: GroupJudgement) => ({
      group: g.group,
      status: g.status,
      reason: g.reason,
      missingAnalytes: g.missingAnalytes,
      notTested: notTestedView(g.notTested, marks),
      analytes: (byGroup.get(g.group) ?? []).map((r) => ({
        analyte: r.analyte,
        name: r.analyteName,
        value: r.value,
        qualifier: r.qualifier,
        unit: r.unit,
        lod: r.lod,
        loq: r.loq,
        dilution: r.dilution,
        method: r.method,
        instrument: r.instrument,
        analyst: r.analyst,
        analysedAt: r.analysedAt?.toISOString() ?? null,
        sourceType: r.sourceType,
        sourceId: r.sourceId,
        computed: r.computed,
        status: r.status,
        limit: r.limitText,
        reason: r.judgementReason,
      })),
    })),
  };
  return { ...view, resultsDigest: resultsDigest(view) };
}

/**
 * What a manager reviews is what the release signs: the view is hashed whole, as the JSON the API
 * answers (keys sorted, so only content counts), and release compares it with the digest the manager was shown.
 */
function resultsDigest(view: Omit<SampleResultsDto, 'resultsDigest'>): string {
  const answered = JSON.parse(JSON.stringify(view)) as JsonValue;
  return createHash('sha256').update(canonicalJson(answered)).digest('hex');
}

function shown(row: AnalyteResultEntity | undefined): string | null {
  if (!row) return null;
  return row.qualifier ?? row.value;
}
