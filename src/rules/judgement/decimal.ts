import Decimal from 'decimal.js';
import { memoByString } from '../../common/string-memo';
import { JudgementError, JudgementErrorCode } from './judgement.errors';

/**
 * A private decimal.js configuration, so arithmetic here never depends on (or changes) the global
 * one. Precision covers any value the DTOs allow (12 integer + 10 fraction digits) times 10^7.
 * Plain notation only: exponent strings like "1e-7" must never reach a COA or a column.
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** The decimal a string writes, or null when it is not an exact decimal string; anything else is refused, never coerced. */
function parseDecimal(value: string): Dec | null {
  return isDecimalString(value) ? new Dec(value.trim()) : null;
}

/**
 * A batch judges the same few strings over and over (a limit's maximum on every row, an LOQ per
 * method, values an instrument prints to four places): each is parsed once. Sharing the answer is
 * safe because decimal.js values are immutable (every operation returns a new one).
 */
const parseRemembered = memoByString(parseDecimal, { maxKeyLength: 64 });

/** Parses an exact decimal string ("0.82", "-1", "15.0"); anything else is refused, never coerced. */
export function toDecimal(value: string, what = 'value'): Dec {
  const parsed = parseRemembered(value);
  if (parsed === null) {
    throw new JudgementError(
      JudgementErrorCode.INVALID_DECIMAL,
      `${what} must be a decimal number written as a string, e.g. "0.82"; got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_STRING.test(value.trim());
}

/** Plain decimal notation, no exponent, no trailing zeros. */
export function decimalString(value: Dec): string {
  return value.isZero() ? '0' : value.toFixed();
}

export function decimalPlaces(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}
