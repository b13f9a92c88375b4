import { memoByString } from '../../common/string-memo';
import { decimalString, toDecimal } from './decimal';
import { JudgementError, JudgementErrorCode } from './judgement.errors';

/** The unit strings LabTrace stores and prints; every accepted spelling maps onto one of these. */
export const UNITS = ['%', 'mg/g', 'µg/g', 'ppm', 'mg/kg', 'µg/kg', 'ppb', 'CFU/g', 'aw', 'mg/serving', 'mg/package', 'mg/unit'] as const;
export type Unit = (typeof UNITS)[number];

type Dimension = 'mass_fraction' | 'count_per_mass' | 'water_activity' | 'per_serving' | 'per_package' | 'per_unit';

/**
 * Mass fractions are expressed as ppm (parts per million by mass) per one unit:
 * 1 % = 10,000 ppm, 1 mg/g = 1,000 ppm, µg/g = ppm = mg/kg, µg/kg = ppb = 0.001 ppm.
 * Powers of ten only, so every conversion is exact. Other dimensions convert only to themselves.
 */
const UNIT_DEFINITIONS: Record<Unit, { dimension: Dimension; ppm?: string }> = {
  '%': { dimension: 'mass_fraction', ppm: '10000' },
  'mg/g': { dimension: 'mass_fraction', ppm: '1000' },
  'µg/g': { dimension: 'mass_fraction', ppm: '1' },
  ppm: { dimension: 'mass_fraction', ppm: '1' },
  'mg/kg': { dimension: 'mass_fraction', ppm: '1' },
  'µg/kg': { dimension: 'mass_fraction', ppm: '0.001' },
  ppb: { dimension: 'mass_fraction', ppm: '0.001' },
  'CFU/g': { dimension: 'count_per_mass' },
  aw: { dimension: 'water_activity' },
  'mg/serving': { dimension: 'per_serving' },
  'mg/package': { dimension: 'per_package' },
  'mg/unit': { dimension: 'per_unit' },
};

/** Spellings after `unitKey` folding (case, spaces, micro sign vs Greek mu). */
const ALIASES: Record<string, Unit> = {
  '%w/w': '%',
  '%(w/w)': '%',
  'w/w%': '%',
  'wt%': '%',
  '%wt': '%',
  percent: '%',
  'μg/g': 'µg/g',
  'ug/g': 'µg/g',
  'mcg/g': 'µg/g',
  'μg/kg': 'µg/kg',
  'ug/kg': 'µg/kg',
  'mcg/kg': 'µg/kg',
  a_w: 'aw',
  'mg/svg': 'mg/serving',
  'mg/pkg': 'mg/package',
};

function unitKey(text: string): string {
  // NFKC turns the micro sign (U+00B5) into Greek mu (U+03BC); the alias table is written with mu.
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const BY_KEY = new Map<string, Unit>([
  ...UNITS.map((unit): [string, Unit] => [unitKey(unit), unit]),
  ...Object.entries(ALIASES).map(([alias, unit]): [string, Unit] => [unitKey(alias), unit]),
]);

/** The canonical spelling of a unit ("ug/g" -> "µg/g", "% w/w" -> "%", "cfu/g" -> "CFU/g"), or undefined. */
export function canonicalUnit(text: string): Unit | undefined {
  return canonicalRemembered(text);
}

/** canonicalUnit without the memo (the spec checks the two answer alike). */
export function canonicalUnitUncached(text: string): Unit | undefined {
  return typeof text === 'string' ? BY_KEY.get(unitKey(text)) : undefined;
}

// Judging converts every row to its limit's unit; a file spells a handful of units, each folded once.
const canonicalRemembered = memoByString(canonicalUnitUncached);

export function requireUnit(text: string): Unit {
  const unit = canonicalUnit(text);
  if (!unit) throw new JudgementError(JudgementErrorCode.UNKNOWN_UNIT, `Unknown unit "${text}"; known units: ${UNITS.join(', ')}`);
  return unit;
}

export function canConvert(from: string, to: string): boolean {
  const a = canonicalUnit(from);
  const b = canonicalUnit(to);
  if (!a || !b) return false;
  return a === b || UNIT_DEFINITIONS[a].dimension === UNIT_DEFINITIONS[b].dimension;
}

/**
 * Converts an exact decimal string between units ("0.5", "%", "ppm" -> "5000"). Same unit returns
 * the value untouched; otherwise the result is in plain notation without trailing zeros.
 * Throws JudgementError UNKNOWN_UNIT / UNITS_NOT_CONVERTIBLE / INVALID_DECIMAL.
 */
export function convert(value: string, from: string, to: string): string {
  const source = requireUnit(from);
  const target = requireUnit(to);
  const amount = toDecimal(value);
  if (source === target) return value.trim();
  const a = UNIT_DEFINITIONS[source];
  const b = UNIT_DEFINITIONS[target];
  if (a.dimension !== b.dimension || !a.ppm || !b.ppm) {
    throw new JudgementError(JudgementErrorCode.UNITS_NOT_CONVERTIBLE, `Cannot convert ${source} to ${target}`, { from: source, to: target });
  }
  return decimalString(amount.times(a.ppm).dividedBy(b.ppm));
}
