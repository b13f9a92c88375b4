import type { FieldError } from './domain-error';

/**
 * Request DTOs nest at most five levels (results: body → groups → group → analytes → analyte); the cap
 * leaves room for that and stops a deeply nested body before class-transformer and class-validator,
 * which recurse and would overflow the stack.
 */
export const MAX_JSON_DEPTH = 16;

/** What is wrong with a piece of request input, the field named as class-validator names it (`samples.0.name`). */
export interface InputProblem extends FieldError {
  kind: 'too_deep' | 'nul' | 'lone_surrogate';
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (single code units, so linear). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const join = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/** A NUL (PostgreSQL text cannot hold one) or an unpaired surrogate (not Unicode; the driver would mangle it). */
export function textProblem(text: string, field: string): InputProblem | null {
  if (text.includes('\u0000')) return { kind: 'nul', field, message: `${field} must not contain NUL characters (\\u0000)` };
  if (LONE_SURROGATE.test(text)) return { kind: 'lone_surrogate', field, message: `${field} must be valid Unicode text (it contains an unpaired surrogate)` };
  return null;
}

/**
 * The first problem in a parsed request value: nesting beyond `maxDepth`, or a string (value or
 * property name) that the database must never see. Iterative, so the input's depth cannot hurt it;
 * linear in the input's size. `root` names the value itself when it is a bare string ('' for a body).
 */
export function findInputProblem(value: unknown, options: { maxDepth?: number; root?: string } = {}): InputProblem | null {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const root = options.root ?? '';
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value, item.field || 'body');
      if (problem) return problem;
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) {
      return { kind: 'too_deep', field: item.field || 'body', message: `The request is nested deeper than the limit of ${maxDepth} levels.` };
    }
    const entries: [string | number, unknown][] = Array.isArray(item.value) ? item.value.map((v, i) => [i, v]) : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (typeof key === 'string') {
        const problem = textProblem(key, join(item.field, '(property name)'));
        if (problem) return problem;
      }
      pending.push({ value: child, field: join(item.field, key), depth });
    }
  }
  return null;
}
