import { ParsedQualifier } from './parser.types';

/**
 * The value cell of an instrument row. Instruments print detections as numbers and non-detections
 * in many spellings; none of them may become zero. A negative number (blank-subtracted ICP-MS) is
 * kept as written and flagged, never clamped.
 */
export interface ResultCell {
  value?: string;
  qualifier?: ParsedQualifier;
  raw: string;
  flags: string[];
}

const NOT_DETECTED = /^(nd|n\.d\.|not detected|<\s*lod|<\s*mdl|bdl|nan|no ct|no cq|undetermined)$/i;
const BELOW_LOQ = /^(<\s*loq|<\s*lloq|bloq|<\s*lower limit)$/i;
const ABOVE_RANGE = /^(>\s*u?loq|>\s*hloq|above range|over range|>\s*range)$/i;
const NO_VALUE = /^(-+|n\/a|na|none|\*+|#value!?|--\s*--)$/i;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** The common case, read as written: digits, at most one point with digits after it (no sign, space or exponent). */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

export interface CellOptions {
  /** The vendor allows a decimal comma (e.g. "0,125"); only then is a single comma a decimal mark. */
  decimalComma?: boolean;
}

export function readResultCell(cell: string | undefined, options: CellOptions = {}): ResultCell {
  const raw = (cell ?? '').trim();
  // Most cells are plain decimals, which no qualifier spelling matches: read them without the rest.
  if (PLAIN_DECIMAL.test(raw)) return { raw, value: raw, flags: [] };
  if (raw === '') return { raw, qualifier: 'NO_VALUE', flags: [] };
  if (NOT_DETECTED.test(raw)) return { raw, qualifier: 'ND', flags: [] };
  if (BELOW_LOQ.test(raw)) return { raw, qualifier: '<LOQ', flags: [] };
  if (ABOVE_RANGE.test(raw)) return { raw, qualifier: '>ULOQ', flags: [] };
  if (NO_VALUE.test(raw)) return { raw, qualifier: 'NO_VALUE', flags: [] };
  const value = readDecimal(raw, options);
  if (value === undefined) return { raw, qualifier: 'NO_VALUE', flags: [`unreadable value "${raw}"`] };
  return { raw, value, flags: value.startsWith('-') ? ['negative_value'] : [] };
}

/** A decimal string exactly as written (decimal comma normalised, exponent expanded); undefined if not a number. */
export function readDecimal(cell: string | undefined, options: CellOptions = {}): string | undefined {
  const trimmed = (cell ?? '').trim();
  if (PLAIN_DECIMAL.test(trimmed)) return trimmed;
  let text = trimmed.replace(/\s+/g, '');
  if (text === '') return undefined;
  if (options.decimalComma && /^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!DECIMAL.test(text)) return undefined;
  if (/[eE]/.test(text)) return expandExponent(text);
  return normaliseDecimal(text);
}

function normaliseDecimal(text: string): string {
  let t = text.startsWith('+') ? text.slice(1) : text;
  if (t.startsWith('.')) t = `0${t}`;
  if (t.startsWith('-.')) t = `-0${t.slice(1)}`;
  if (t.endsWith('.')) t = t.slice(0, -1);
  return t;
}

/**
 * No instrument prints a concentration beyond 1e±100; a larger exponent ("1e400000000", found by the
 * parser fuzz tests) would expand to hundreds of megabytes of zeros, so it is not read as a number.
 */
const MAX_EXPONENT = 100;

/** "1.5E-03" -> "0.0015" by moving the decimal point in the digit string; no float arithmetic. */
function expandExponent(text: string): string | undefined {
  const [mantissa, expPart] = text.split(/[eE]/);
  if (Math.abs(Number(expPart)) > MAX_EXPONENT) return undefined;
  const negative = mantissa.startsWith('-');
  const m = mantissa.replace(/^[+-]/, '');
  const [intPart, fracPart = ''] = m.split('.');
  let digits = `${intPart}${fracPart}`;
  let point = intPart.length + Number(expPart);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  let result = `${digits.slice(0, point)}${point < digits.length ? `.${digits.slice(point)}` : ''}`;
  result = result.replace(/^0+(?=\d)/, '');
  if (result.includes('.')) result = result.replace(/0+$/, '').replace(/\.$/, '');
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}
