import { Dec, decimalPlaces, toDecimal } from './decimal';
import { JudgementError } from './judgement.errors';
import type { Qualifier, ResultValue } from './judgement.types';
import { canonicalUnit, convert } from './units';

/** THCA -> Δ9-THC and CBDA -> CBD on decarboxylation: the molar-mass ratio 314.46 / 358.47, as NY states it. */
export const DECARBOXYLATION_FACTOR = '0.877';

export interface TotalDefinition {
  analyte: string;
  terms: ReadonlyArray<{ analyte: string; factor: string }>;
  formula: string;
}

export const POTENCY_TOTALS: readonly TotalDefinition[] = [
  {
    analyte: 'total-thc',
    terms: [
      { analyte: 'd9-thc', factor: '1' },
      { analyte: 'thca', factor: DECARBOXYLATION_FACTOR },
    ],
    formula: 'Δ9-THC + 0.877 × THCA',
  },
  {
    analyte: 'total-cbd',
    terms: [
      { analyte: 'cbd', factor: '1' },
      { analyte: 'cbda', factor: DECARBOXYLATION_FACTOR },
    ],
    formula: 'CBD + 0.877 × CBDA',
  },
];

export const TOTAL_AFLATOXINS: TotalDefinition = {
  analyte: 'total-aflatoxins',
  terms: ['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2'].map((analyte) => ({ analyte, factor: '1' })),
  formula: 'B1 + B2 + G1 + G2',
};

export interface ComputedTotal extends ResultValue {
  analyte: string;
  value: string | null;
  qualifier: Qualifier | null;
  unit: string;
  computed: true;
  formula: string;
}

/**
 * A total from its components' results (all of them present, or no total: a missing component is
 * not a zero, only an ND is).
 *
 * - ND and <LOQ components count as zero. If every component is ND the total is ND; if none has a
 *   number but one is <LOQ, the total is <LOQ. A >ULOQ component makes the total >ULOQ.
 * - Components in different units are converted to the first numeric component's unit.
 * - Rounding (totals with a factor other than 1): to the most decimal places any numeric component
 *   was reported with, half to even (ASTM E29). 0.877 is a defined constant, so the measured values
 *   set the precision; more digits would claim precision the lab never measured, fewer would change
 *   the verdict near a limit. Half-even keeps the rounding unbiased over many samples. Sums with
 *   factor 1 are exact at that precision already, so nothing is rounded away.
 */
export function computeTotal(definition: TotalDefinition, results: ReadonlyMap<string, ResultValue>): ComputedTotal | undefined {
  const parts = definition.terms.map((term) => ({ term, result: results.get(term.analyte) }));
  if (parts.some((p) => p.result === undefined)) return undefined;
  const base = { analyte: definition.analyte, computed: true as const, formula: definition.formula };
  const firstNumeric = parts.find((p) => isNumeric(p.result!));
  const unit = firstNumeric ? firstNumeric.result!.unit : parts[0].result!.unit;

  if (parts.some((p) => p.result!.qualifier === '>ULOQ')) return { ...base, value: null, qualifier: '>ULOQ', unit };
  if (!firstNumeric) {
    const allNd = parts.every((p) => p.result!.qualifier === 'ND');
    return { ...base, value: null, qualifier: allNd ? 'ND' : '<LOQ', unit };
  }

  let total = new Dec(0);
  let places = 0;
  for (const { term, result } of parts) {
    if (!isNumeric(result!)) continue;
    const value = inUnit(result!, unit, term.analyte);
    places = Math.max(places, decimalPlaces(value));
    total = total.plus(toDecimal(value, `${term.analyte} value`).times(term.factor));
  }
  return { ...base, value: total.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN).toFixed(places), qualifier: null, unit };
}

/** Total THC and total CBD wherever both components were reported. */
export function computePotencyTotals(results: ReadonlyArray<ResultValue & { analyte: string }>): ComputedTotal[] {
  const byAnalyte = new Map(results.map((r) => [r.analyte, r]));
  return POTENCY_TOTALS.map((definition) => computeTotal(definition, byAnalyte)).filter((t): t is ComputedTotal => t !== undefined);
}

function isNumeric(result: ResultValue): boolean {
  return !result.qualifier && result.value !== undefined && result.value !== null;
}

/** Same spelling needs no conversion (per-serving units included); otherwise via units.ts. */
function inUnit(result: ResultValue, unit: string, analyte: string): string {
  const value = result.value!;
  if (result.unit === unit || (canonicalUnit(result.unit) !== undefined && canonicalUnit(result.unit) === canonicalUnit(unit))) return value;
  try {
    return convert(value, result.unit, unit);
  } catch (error) {
    if (error instanceof JudgementError) {
      throw new JudgementError(error.code, `${analyte} is in ${result.unit} and cannot be added to a total in ${unit}: ${error.message}`);
    }
    throw error;
  }
}
