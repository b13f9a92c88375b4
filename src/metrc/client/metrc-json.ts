/**
 * Metrc takes result quantities as JSON numbers, and LabTrace holds decimals as strings. A
 * `JsonDecimal` is written into the body as the number token of its exact text, never through a
 * float, so "0.1000000000000000055" reaches Metrc as written.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;
const MARK = '@@labtrace-decimal:';

export class JsonDecimal {
  constructor(readonly text: string) {
    if (!DECIMAL.test(text)) throw new Error(`not a decimal: "${text}"`);
  }

  toJSON(): string {
    return `${MARK}${this.text}@@`;
  }

  toString(): string {
    return this.text;
  }
}

export function stringifyWithDecimals(value: unknown): string {
  return JSON.stringify(value).replace(/"@@labtrace-decimal:(-?\d+(?:\.\d+)?)@@"/g, '$1');
}
