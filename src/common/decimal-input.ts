import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * How long a measured decimal (result value, LOD, LOQ, dilution) may be, by hand or from a file: the
 * columns are unconstrained `numeric`, so the bound is the judgement arithmetic's (60 significant
 * digits): 15 digits before the point (far above any count or concentration) and 30 after (a
 * 17-digit float an instrument printed with an exponent, expanded, fits).
 */
export const DECIMAL_INPUT_LIMITS = { integerDigits: 15, fractionDigits: 30 } as const;

/** Which values a field takes: any sign (a result value, whose negative is refused with its own advice), zero and up, or above zero. */
export type DecimalSign = 'any' | 'non-negative' | 'positive';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * What is wrong with a decimal string, as the end of a sentence naming the field ("must be ..."), or
 * null. The one rule for hand entry (DTOs) and imports (checkEntries), so a value is never accepted on
 * one path and refused on the other.
 */
export function decimalInputProblem(text: string, sign: DecimalSign): string | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return 'must be a decimal number written as a string, e.g. "0.82"';
  const [, minus, integer, fraction = ''] = m;
  const { integerDigits, fractionDigits } = DECIMAL_INPUT_LIMITS;
  if (integer.replace(/^0+(?=\d)/, '').length > integerDigits || fraction.length > fractionDigits) {
    return `must have at most ${integerDigits} digits before the decimal point and ${fractionDigits} after`;
  }
  const zero = /^0+$/.test(integer) && /^0*$/.test(fraction);
  if (sign !== 'any' && minus && !zero) return 'must not be negative';
  if (sign === 'positive' && zero) return 'must be greater than 0';
  return null;
}

/** class-validator's face of decimalInputProblem: `<property> must ...`, so the message names the field. */
export function IsDecimalInput(sign: DecimalSign, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalInput',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decimalInputProblem(value, sign) === null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} ${typeof args?.value === 'string' ? decimalInputProblem(args.value, sign) : 'must be a decimal number written as a string, e.g. "0.82"'}`,
      },
    },
    options,
  );
}
