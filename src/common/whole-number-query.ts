import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Plain decimal digits, short enough to be a safe integer: no sign, exponent, point, hex or spaces. */
const DECIMAL_DIGITS = /^[0-9]{1,15}$/;

/**
 * A whole-number query parameter (a page's limit or offset) from min to max, as one rule with one field
 * message ("offset must be a whole number from 0 to 1000000"). Only plain decimal digits become a number:
 * Number() would read "1e3" as 1000, "0x10" as 16 and "9007199254740993" as …992, and an unbounded offset
 * overflows PostgreSQL's bigint (a 500). Anything else stays text and is refused.
 */
export function WholeNumberQuery(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value)),
    ValidateBy({
      name: 'wholeNumberQuery',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a whole number from ${min} to ${max}`,
      },
    }),
  );
}
