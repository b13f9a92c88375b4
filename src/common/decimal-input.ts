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

const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;

/** The ASCII digits of `text` from `from` on: how many, and how many of them are zeros before any other digit. */
function digitRun(text: string, from: number): { length: number; leadingZeros: number } {
  let at = from;
  let leadingZeros = 0;
  for (let code = text.charCodeAt(at); code >= ZERO && code <= ZERO + 9; code = text.charCodeAt(++at)) {
    if (code === ZERO && leadingZeros === at - from) leadingZeros += 1;
  }
  return { length: at - from, leadingZeros };
}

/**
 * What is wrong with a decimal string, as the end of a sentence naming the field ("must be ..."), or
 * null. The one rule for hand entry (DTOs) and imports (checkEntries), so a value is never accepted on
 * one path and refused on the other. The shape is `-?digits(.digits)?` (ASCII digits), around
 * whitespace; it is read character by character because an import checks four fields of 20,000 rows,
 * and a regular expression's captures allocated a match and its strings for each.
 */
export function decimalInputProblem(text: string, sign: DecimalSign): string | null {
  const written = text.trim();
  const minus = written.charCodeAt(0) === MINUS;
  const integer = digitRun(written, minus ? 1 : 0);
  let end = (minus ? 1 : 0) + integer.length;
  let fraction = { length: 0, leadingZeros: 0 };
  if (written.charCodeAt(end) === POINT) {
    fraction = digitRun(written, end + 1);
    end += 1 + fraction.length;
    if (fraction.length === 0) end = -1;
  }
  if (integer.length === 0 || end !== written.length) return 'must be a decimal number written as a string, e.g. "0.82"';
  const { integerDigits, fractionDigits } = DECIMAL_INPUT_LIMITS;
  // Leading zeros do not count, but the last integer digit always does ("000" is one digit).
  if (integer.length - Math.min(integer.leadingZeros, integer.length - 1) > integerDigits || fraction.length > fractionDigits) {
    return `must have at most ${integerDigits} digits before the decimal point and ${fractionDigits} after`;
  }
  const zero = integer.leadingZeros === integer.length && fraction.leadingZeros === fraction.length;
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
