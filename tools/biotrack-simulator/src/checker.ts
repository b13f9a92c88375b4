import { FieldIssue, invalid } from './errors';
import { DECIMAL_PATTERN, TAG_PATTERN, UTC_TIME_PATTERN } from './vocabularies';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const at = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/**
 * Collects field issues while reading an untrusted body. Each reader returns the value when it is
 * valid and undefined otherwise; a missing required key is reported once, by `shape`.
 */
export class Checker {
  readonly issues: FieldIssue[] = [];

  fail(field: string, message: string): undefined {
    this.issues.push({ field, message });
    return undefined;
  }

  /** Throws the collected issues as one 422. */
  done(): void {
    if (this.issues.length) throw invalid(this.issues);
  }

  /** A plain object holding every required key and no key outside required + optional. */
  shape(value: unknown, field: string, required: readonly string[], optional: readonly string[] = []): Json | undefined {
    if (!isObject(value)) return this.fail(field || 'body', 'must be a JSON object');
    for (const key of Object.keys(value)) {
      if (!required.includes(key) && !optional.includes(key)) this.fail(at(field, key), 'is not a known field');
    }
    for (const key of required) if (value[key] === undefined) this.fail(at(field, key), 'is required');
    return value;
  }

  text(value: unknown, field: string, maxLength = 200): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, 'must be a string');
    if (!value.trim()) return this.fail(field, 'must not be empty');
    if (value.length > maxLength) return this.fail(field, `must be at most ${maxLength} characters`);
    return value;
  }

  tag(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !TAG_PATTERN.test(value)) return this.fail(field, 'must be a 16-digit id string');
    return value;
  }

  tags(value: unknown, field: string): string[] | undefined {
    const list = this.array(value, field, 1);
    if (!list) return undefined;
    const before = this.issues.length;
    const tags = list.map((item, i) => this.tag(item, at(field, i)));
    if (new Set(list).size !== list.length) this.fail(field, 'must not repeat an id');
    return this.issues.length === before ? (tags as string[]) : undefined;
  }

  /** A non-negative decimal written as a string; JSON numbers are refused so no precision is lost. */
  decimal(value: unknown, field: string, opts: { nullable?: boolean } = {}): string | null | undefined {
    if (value === undefined) return undefined;
    if (value === null) return opts.nullable ? null : this.fail(field, 'must not be null');
    if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) return this.fail(field, 'must be a non-negative decimal string such as "0.35"');
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, vocabulary: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(vocabulary as readonly string[]).includes(value)) {
      return this.fail(field, `must be one of ${vocabulary.map((v) => (v === '' ? '""' : v)).join(', ')}`);
    }
    return value as T;
  }

  utcTime(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !UTC_TIME_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
      return this.fail(field, 'must be an ISO 8601 UTC time such as 2025-08-01T14:30:00Z');
    }
    return value;
  }

  array(value: unknown, field: string, minItems = 0): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(field, 'must be an array');
    if (value.length < minItems) return this.fail(field, `must hold at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    return value as unknown[];
  }

  integer(value: unknown, field: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      return this.fail(field, `must be an integer from ${min} to ${max}`);
    return value;
  }

  boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.fail(field, 'must be true or false');
    return value;
  }
}
