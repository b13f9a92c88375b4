import { CoaQualifier } from './coa-layout.types';

/**
 * Value cells as COAs print them. Decimals stay strings exactly as printed (thousands separators
 * dropped, a leading "." given its zero); nothing goes through a float.
 */

export interface CoaCell {
  value?: string;
  qualifier?: CoaQualifier;
  /** Printed as "<0.02": below the quantitation limit shown. */
  loq?: string;
  /** "NR" / "NT" / "N/A": the COA reports no result for the row. */
  notReported?: boolean;
}

const DECIMAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

export function readDecimal(token: string | undefined): string | undefined {
  const text = token?.trim() ?? '';
  if (text === '' || text === '.' || !DECIMAL.test(text)) return undefined;
  const plain = text.replace(/,/g, '');
  return plain.startsWith('.') ? `0${plain}` : plain;
}

export function isDecimal(token: string | undefined): boolean {
  return readDecimal(token) !== undefined;
}

const NOT_DETECTED = /^(?:ND|N\.D\.|Not Detected|Not Present|Absent|<LOD)$/i;
const BELOW_LOQ = /^<\s*LOQ$/i;
const ABOVE_ULOQ = /^>\s*U?LOQ$/i;
const NOT_REPORTED = /^(?:NR|NT|N\/A|NA|Not Tested)$/i;

/** A result cell, or undefined when the token is not a result at all. */
export function readResultCell(token: string): CoaCell | undefined {
  const text = token.trim();
  if (NOT_DETECTED.test(text)) return { qualifier: 'ND' };
  if (BELOW_LOQ.test(text)) return { qualifier: '<LOQ' };
  if (ABOVE_ULOQ.test(text)) return { qualifier: '>ULOQ' };
  if (NOT_REPORTED.test(text)) return { notReported: true };
  const below = text.match(/^<\s*(\S+)$/);
  if (below && isDecimal(below[1])) return { qualifier: '<LOQ', loq: readDecimal(below[1]) };
  const above = text.match(/^>\s*(\S+)$/);
  if (above && isDecimal(above[1])) return { qualifier: '>ULOQ' };
  const value = readDecimal(text);
  return value === undefined ? undefined : { value };
}

export function isResultToken(token: string): boolean {
  return readResultCell(token) !== undefined;
}

export type CoaVerdict = 'pass' | 'fail' | 'tested' | 'na';

/** A printed verdict word; undefined when the word is not one. */
export function readVerdict(word: string | undefined): CoaVerdict | undefined {
  switch (word?.trim().toLowerCase()) {
    case 'pass':
    case 'passed':
      return 'pass';
    case 'fail':
    case 'failed':
      return 'fail';
    case 'tested':
    case 'complete':
    case 'completed':
      return 'tested';
    case 'nt':
    case 'nr':
    case 'n/a':
    case 'not tested':
      return 'na';
    default:
      return undefined;
  }
}
