import Decimal from 'decimal.js';

/** Units as one spelling each: µ (micro sign or Greek mu or u), ppm = µg/g = mg/kg, ppb = µg/kg. */
const CANONICAL: Record<string, string> = {
  '%': '%',
  'mg/g': 'mg/g',
  'µg/g': 'µg/g',
  'ug/g': 'µg/g',
  ppm: 'µg/g',
  'mg/kg': 'µg/g',
  'µg/kg': 'µg/kg',
  'ug/kg': 'µg/kg',
  ppb: 'µg/kg',
  'ng/g': 'µg/kg',
  'cfu/g': 'CFU/g',
  aw: 'aw',
};

/** Mass fractions as powers of ten of g/g, so that any two convert exactly. */
const MASS_FRACTION_EXPONENT: Record<string, number> = { '%': -2, 'mg/g': -3, 'µg/g': -6, 'µg/kg': -9 };

export function canonicalUnit(unit: string): string | null {
  const key = unit.trim().replace(/[μ]/g, 'µ');
  return CANONICAL[key] ?? CANONICAL[key.toLowerCase()] ?? null;
}

/** The value in `to`, exactly (decimal strings), or null when the units do not convert. */
export function convertValue(value: string, from: string, to: string): string | null {
  const a = canonicalUnit(from);
  const b = canonicalUnit(to);
  if (a === null || b === null) return null;
  if (a === b) return new Decimal(value).toFixed();
  const ea = MASS_FRACTION_EXPONENT[a];
  const eb = MASS_FRACTION_EXPONENT[b];
  if (ea === undefined || eb === undefined) return null;
  return new Decimal(value).times(new Decimal(10).pow(ea - eb)).toFixed();
}
