import type { EdiblePotencyDto } from '../../results/dto/edible-potency.dto';
import type { CoaEdible } from './coa-view';

const NAMES: Record<string, string> = { 'total-thc': 'Total THC', 'total-cbd': 'Total CBD' };

/** The results view's edible block as the COA prints it: a qualifier fills every column it replaces. */
export function toCoaEdible(edible: EdiblePotencyDto): CoaEdible {
  const shown = (value: string | null, qualifier: string | null) => value ?? qualifier ?? '—';
  return {
    servingsPerPackage: edible.servingsPerPackage,
    packageNetWeightG: edible.packageNetWeightG,
    ...(edible.servingWeightG ? { servingWeightG: edible.servingWeightG } : {}),
    amounts: edible.amounts.map((a) => ({
      name: NAMES[a.analyte] ?? a.analyte,
      percent: shown(a.percent, a.qualifier),
      mgPerG: shown(a.mgPerG, a.qualifier),
      mgPerServing: shown(a.mgPerServing, a.qualifier),
      mgPerPackage: shown(a.mgPerPackage, a.qualifier),
    })),
    claims: edible.claims.map((c) => ({
      name: NAMES[c.analyte] ?? c.analyte,
      basis: c.basis,
      claimedMg: c.claimedMg,
      measuredMg: c.measuredMg ?? 'not quantified',
      deviation: c.deviationPercent === null ? 'n/a' : `${c.deviationPercent} %`,
      status: c.status as CoaEdible['claims'][number]['status'],
    })),
    tolerance: { percent: edible.claimTolerance.tolerancePercent, source: `${edible.claimTolerance.sourceTag}: ${edible.claimTolerance.source}` },
  };
}
