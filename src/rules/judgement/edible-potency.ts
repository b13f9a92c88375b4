import { decimalPlaces, Dec, toDecimal } from './decimal';
import type { Qualifier, ResultValue } from './judgement.types';
import type { ComputedTotal } from './totals';
import { canonicalUnit, convert } from './units';

/**
 * Edible potency: a total (THC or CBD, % w/w or any mass fraction) turned into mg/g, mg per serving
 * and mg per package from the sample's package facts, and compared with the licensee's label claim.
 * Pure decimal arithmetic; nothing here is ever a float.
 */

/** What intake records about an edible package (decimal strings, grams). */
export interface EdibleMeasures {
  servingsPerPackage: string;
  /** Net weight of the product in one package, g. */
  packageNetWeightG: string;
  /** Weight of one serving, g, when the product comes in discrete servings (gummies, chocolates). */
  servingWeightG?: string | null;
}

/** One total in every unit an edible COA prints; a qualifier (ND, <LOQ, >ULOQ) replaces all numbers. */
export interface EdibleAmounts {
  analyte: string;
  qualifier: Qualifier | null;
  percent: string | null;
  mgPerG: string | null;
  mgPerServing: string | null;
  mgPerPackage: string | null;
}

/**
 * mg per serving and per package are rounded to 0.01 mg, half to even: labels state whole or tenth
 * milligrams, and two places keep a value just over a cap (10.004 mg) from being hidden by a coarser
 * rounding while not claiming precision the balance and the instrument never had.
 */
export const MG_PLACES = 2;

/** Per-serving and per-package totals LabTrace derives for edibles (analyte ids in the vocabulary). */
export const EDIBLE_TOTAL_IDS: Readonly<Record<string, { perServing: string; perPackage: string }>> = {
  'total-thc': { perServing: 'total-thc-per-serving', perPackage: 'total-thc-per-package' },
  'total-cbd': { perServing: 'total-cbd-per-serving', perPackage: 'total-cbd-per-package' },
};

/** Every per-serving and per-package analyte id (units mg/serving and mg/package). */
export const EDIBLE_AMOUNT_ANALYTES: ReadonlySet<string> = new Set(Object.values(EDIBLE_TOTAL_IDS).flatMap((ids) => [ids.perServing, ids.perPackage]));

const round = (value: Dec) => value.toDecimalPlaces(MG_PLACES, Dec.ROUND_HALF_EVEN).toFixed(MG_PLACES);

/**
 * A total in % w/w, mg/g, mg/serving and mg/package.
 * - A mass fraction (%, mg/g, µg/g, …) is converted to mg/g exactly; per package = mg/g × package net
 *   weight; per serving = mg/g × serving weight when one is known (discrete servings), otherwise per
 *   package ÷ servings.
 * - A total already reported per serving or per package is scaled by the servings instead, and its
 *   mg/g and % come back through the package net weight.
 * Returns undefined for a unit that is neither (CFU/g, mg/unit): there is nothing honest to derive.
 */
export function edibleAmounts(total: ResultValue & { analyte: string }, measures: EdibleMeasures): EdibleAmounts | undefined {
  const servings = toDecimal(measures.servingsPerPackage, 'servingsPerPackage');
  const packageWeight = toDecimal(measures.packageNetWeightG, 'packageNetWeightG');
  const servingWeight = measures.servingWeightG ? toDecimal(measures.servingWeightG, 'servingWeightG') : null;
  const unit = canonicalUnit(total.unit);
  const massFraction = unit !== undefined && isMassFraction(unit);
  if (!unit || (!massFraction && unit !== 'mg/serving' && unit !== 'mg/package')) return undefined;

  const qualifier = total.qualifier ?? null;
  if (qualifier || total.value === undefined || total.value === null) {
    return { analyte: total.analyte, qualifier: qualifier ?? 'ND', percent: null, mgPerG: null, mgPerServing: null, mgPerPackage: null };
  }
  let mgPerG: Dec;
  let perPackage: Dec;
  let perServing: Dec;
  if (massFraction) {
    mgPerG = new Dec(convert(total.value, unit, 'mg/g'));
    perPackage = mgPerG.times(packageWeight);
    perServing = servingWeight ? mgPerG.times(servingWeight) : perPackage.dividedBy(servings);
  } else {
    const value = toDecimal(total.value, `${total.analyte} value`);
    perServing = unit === 'mg/serving' ? value : value.dividedBy(servings);
    perPackage = unit === 'mg/package' ? value : value.times(servings);
    mgPerG = perPackage.dividedBy(packageWeight);
  }
  return {
    analyte: total.analyte,
    qualifier: null,
    percent: massFraction ? keepingPlaces(total.value, unit, '%') : mgPerG.dividedBy(10).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(),
    mgPerG: massFraction ? keepingPlaces(total.value, unit, 'mg/g') : mgPerG.toDecimalPlaces(3, Dec.ROUND_HALF_EVEN).toFixed(),
    mgPerServing: round(perServing),
    mgPerPackage: round(perPackage),
  };
}

/**
 * The derived rows judged against the per-serving and per-package caps (limit rows on
 * total-thc-per-serving / -per-package, units mg/serving and mg/package), one pair per total given.
 */
export function ediblePerServingTotals(totals: readonly ComputedTotal[], measures: EdibleMeasures): ComputedTotal[] {
  return totals.flatMap((total) => {
    const ids = EDIBLE_TOTAL_IDS[total.analyte];
    const amounts = ids ? edibleAmounts(total, measures) : undefined;
    if (!ids || !amounts) return [];
    const perServingFormula = measures.servingWeightG ? 'mg/g × serving weight (g)' : 'mg/g × package net weight (g) ÷ servings';
    return [
      row(ids.perServing, amounts.mgPerServing, amounts.qualifier, 'mg/serving', `${total.formula}, as ${perServingFormula}`),
      row(ids.perPackage, amounts.mgPerPackage, amounts.qualifier, 'mg/package', `${total.formula}, as mg/g × package net weight (g)`),
    ];
  });
}

function row(analyte: string, value: string | null, qualifier: Qualifier | null, unit: string, formula: string): ComputedTotal {
  return { analyte, value, qualifier, unit, computed: true, formula };
}

/**
 * An exact power-of-ten conversion that keeps the precision the lab reported: 0.010 % is 0.10 mg/g,
 * not 0.1 (the trailing zero says the hundredth of a percent was measured).
 */
function keepingPlaces(value: string, from: string, to: string): string {
  const shift = new Dec(convert('1', from, to)).log(10).round().toNumber();
  return new Dec(convert(value, from, to)).toFixed(Math.max(0, decimalPlaces(value.trim()) - shift));
}

function isMassFraction(unit: string): boolean {
  try {
    convert('1', unit, 'mg/g');
    return true;
  } catch {
    return false;
  }
}

export type ClaimBasis = 'serving' | 'package';

export interface ClaimComparison {
  analyte: string;
  basis: ClaimBasis;
  claimedMg: string;
  measuredMg: string | null;
  measuredQualifier: Qualifier | null;
  /** (measured − claimed) ÷ claimed × 100, one decimal place; null when the measurement has no number. */
  deviationPercent: string | null;
  tolerancePercent: string;
  /** within: |deviation| ≤ tolerance; outside: beyond it; not_quantified: the total was ND, <LOQ or >ULOQ. */
  status: 'within' | 'outside' | 'not_quantified';
  reason: string;
}

/**
 * Measured against labelled: the deviation in percent of the claim, flagged when it is beyond the
 * tolerance. ND and <LOQ cannot be compared to a number, nor can >ULOQ; they are reported as such
 * (an ND against a non-zero claim is still plainly off, and the reason says so).
 */
export function compareWithClaim(amounts: EdibleAmounts, basis: ClaimBasis, claimedMg: string, tolerancePercent: string): ClaimComparison {
  const claimed = toDecimal(claimedMg, 'claimed mg');
  const tolerance = toDecimal(tolerancePercent, 'tolerance %');
  const measuredMg = basis === 'serving' ? amounts.mgPerServing : amounts.mgPerPackage;
  const base = { analyte: amounts.analyte, basis, claimedMg, measuredMg, measuredQualifier: amounts.qualifier, tolerancePercent };
  if (measuredMg === null || claimed.isZero()) {
    const what = claimed.isZero() ? 'a claim of 0 mg has no percentage deviation' : `measured ${amounts.qualifier ?? 'no value'}`;
    return { ...base, deviationPercent: null, status: 'not_quantified', reason: `Not compared: ${what} (claim ${claimedMg} mg per ${basis}).` };
  }
  const deviation = new Dec(measuredMg).minus(claimed).dividedBy(claimed).times(100).toDecimalPlaces(1, Dec.ROUND_HALF_EVEN);
  const shown = `${deviation.isPositive() && !deviation.isZero() ? '+' : ''}${deviation.toFixed(1)}`;
  const within = deviation.abs().lessThanOrEqualTo(tolerance);
  return {
    ...base,
    deviationPercent: shown,
    status: within ? 'within' : 'outside',
    reason: `${measuredMg} mg per ${basis} measured against ${claimedMg} mg claimed: ${shown} % (tolerance ±${tolerancePercent} %).`,
  };
}
