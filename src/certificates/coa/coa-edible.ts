import type { EdiblePotencyDto } from '../../results/dto/edible-potency.dto';
import type { EdibleFactChange, EdibleReceiptRecord } from '../../samples/edible-receipt-record';
import { totalMarkOf } from './coa-sources';
import type { CoaEdible, CoaMixedTotal, CoaOtherLabTotal } from './coa-view';

const NAMES: Record<string, string> = { 'total-thc': 'Total THC', 'total-cbd': 'Total CBD' };

/** The results view's edible block as the COA prints it: a qualifier fills every column it replaces. */
export function toCoaEdible(
  edible: EdiblePotencyDto,
  context: { atReceipt?: EdibleReceiptRecord | null; mixedTotals?: readonly CoaMixedTotal[]; otherLabTotals?: readonly CoaOtherLabTotal[] } = {},
): CoaEdible {
  const shown = (value: string | null, qualifier: string | null) => value ?? qualifier ?? '—';
  const changed = context.atReceipt ? changedAtReceipt(context.atReceipt) : [];
  return {
    ...(changed.length > 0 ? { changedAtReceipt: changed } : {}),
    servingsPerPackage: edible.servingsPerPackage,
    packageNetWeightG: edible.packageNetWeightG,
    ...(edible.servingWeightG ? { servingWeightG: edible.servingWeightG } : {}),
    amounts: edible.amounts.map((a) => ({
      name: `${NAMES[a.analyte] ?? a.analyte}${totalMarkOf(a.analyte, { mixed: context.mixedTotals, otherLab: context.otherLabTotals }) ?? ''}`,
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

const FACTS: Record<EdibleFactChange['fact'], { label: string; unit: string }> = {
  servingsPerPackage: { label: 'Servings per package', unit: '' },
  packageNetWeightG: { label: 'Package net weight', unit: ' g' },
  servingWeightG: { label: 'Serving weight', unit: ' g' },
  claimTotalThcMg: { label: 'Label claim, Total THC', unit: ' mg' },
  claimTotalCbdMg: { label: 'Label claim, Total CBD', unit: ' mg' },
  claimBasis: { label: 'Label claim basis', unit: '' },
};

/** A reason longer than this stays in the receipt's audit record; the COA says where it is. */
const REASON_PRINTED_UP_TO = 160;

/**
 * Each announced fact the lab changed at receipt, with both values, then who changed them and why
 * (the numbers above are the received ones: they made the per-serving and per-package figures).
 */
export function changedAtReceipt(record: EdibleReceiptRecord): string[] {
  if (record.changes.length === 0) return [];
  const value = (change: EdibleFactChange, v: string | null) =>
    v === null ? 'none' : change.fact === 'claimBasis' ? `per ${v}` : `${v}${FACTS[change.fact].unit}`;
  const lines = record.changes.map(
    (c) => `${FACTS[c.fact].label}: announced ${value(c, c.announced)}; changed by the laboratory at receipt to ${value(c, c.received)}.`,
  );
  const reason = record.reason?.trim();
  const why = !reason ? '' : reason.length <= REASON_PRINTED_UP_TO ? ` Reason: ${reason}` : ' Reason: kept in the receipt record.';
  return [...lines, `Changed at receipt by ${record.by}.${why}`];
}
