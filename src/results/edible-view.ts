import { labelClaimTolerance } from '../rules/edibles/label-claim-tolerance';
import { compareWithClaim, edibleAmounts, EdibleAmounts } from '../rules/judgement/edible-potency';
import type { Qualifier } from '../rules/judgement/judgement.types';
import { EdibleSampleFacts, edibleMeasuresOf } from '../samples/edible-facts';
import type { EdiblePotencyDto } from './dto/edible-potency.dto';

interface TotalRow {
  analyte: string;
  value: string | null;
  qualifier: string | null;
  unit: string;
}

const TOTALS = ['total-thc', 'total-cbd'] as const;

/** Per-serving and per-package potency and the claim comparison, for a sample with package facts. */
export function edibleView(sample: EdibleSampleFacts, rows: readonly TotalRow[]): EdiblePotencyDto | null {
  const measures = edibleMeasuresOf(sample);
  if (!measures) return null;
  const amounts = TOTALS.map((id) => rows.find((r) => r.analyte === id))
    .filter((r): r is TotalRow => r !== undefined)
    .map((r) => edibleAmounts({ analyte: r.analyte, value: r.value, qualifier: r.qualifier as Qualifier | null, unit: r.unit }, measures))
    .filter((a): a is EdibleAmounts => a !== undefined);
  const tolerance = labelClaimTolerance();
  const claimed: Array<[string, string | null | undefined]> = [
    ['total-thc', sample.claimTotalThcMg],
    ['total-cbd', sample.claimTotalCbdMg],
  ];
  const claims = sample.claimBasis
    ? claimed.flatMap(([analyte, mg]) => {
        const measured = amounts.find((a) => a.analyte === analyte);
        return mg && measured ? [compareWithClaim(measured, sample.claimBasis!, mg, tolerance.tolerancePercent)] : [];
      })
    : [];
  return {
    servingsPerPackage: measures.servingsPerPackage,
    packageNetWeightG: measures.packageNetWeightG,
    servingWeightG: measures.servingWeightG ?? null,
    amounts,
    claims: claims.map(({ measuredQualifier: _q, ...claim }) => claim),
    claimTolerance: { tolerancePercent: tolerance.tolerancePercent, sourceTag: tolerance.sourceTag, source: tolerance.source },
  };
}
