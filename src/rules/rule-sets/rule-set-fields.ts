import { isDecimalString } from '../judgement/decimal';
import { expandProductTypes } from '../product-type-sets';
import type { ProductType } from '../product-types';
import type { ReportFieldError } from './rule-set.types';

/** Field readers every kind's rows share. Each reports its own problem and returns undefined or null on failure. */

export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Product types or set names (all, inhaled products, …), as a list or one string separated by `;`, `|` or `,`. */
export function readProductTypes(value: unknown, report: ReportFieldError): ProductType[] | undefined {
  const entries = typeof value === 'string' ? value.split(/[;|,]/) : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  const named = entries?.map((e) => e.trim()).filter((e) => e.length > 0);
  if (!named || named.length === 0) {
    report('productTypes', 'productTypes is required: product types or a set name (all, inhaled products, extracted products, other products)');
    return undefined;
  }
  const { productTypes, unknown } = expandProductTypes(named);
  if (unknown.length > 0) {
    report('productTypes', `unknown product type ${unknown.map((u) => `"${u}"`).join(', ')}`);
    return undefined;
  }
  return productTypes;
}

/** An optional non-negative decimal written as a string (numbers would lose exactness); null when absent. */
export function readDecimal(value: unknown, field: string, report: ReportFieldError): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    report(field, `${field} must be a decimal written as a string, e.g. "0.5" (numbers lose exactness)`);
    return null;
  }
  const trimmed = value.trim();
  if (!isDecimalString(trimmed)) {
    report(field, `${field} must be a decimal number; got "${value}"`);
    return null;
  }
  if (trimmed.startsWith('-')) {
    report(field, `${field} cannot be negative; got ${trimmed}`);
    return null;
  }
  return trimmed;
}

/** One of a closed list of strings. */
export function readChoice<T extends string>(value: unknown, field: string, choices: readonly T[], report: ReportFieldError): T | undefined {
  const written = text(value);
  if (written && (choices as readonly string[]).includes(written)) return written as T;
  report(field, `${field} must be one of ${choices.join(', ')}; got ${JSON.stringify(value ?? null)}`);
  return undefined;
}
