/**
 * PostgreSQL array literals built in JavaScript for array parameters (`$1::text[]`), for statements that
 * send thousands of elements: node-pg escapes every element of an array parameter with two regular
 * expressions, which cost more than the insert itself.
 */

/** The literal of already-quoted elements (or `NULL`). */
export function arrayLiteral(elements: readonly string[]): string {
  return `{${elements.join(',')}}`;
}

/** A text value as one element: double-quoted, with `"` and `\` escaped. */
export function quotedElement(text: string): string {
  return text.includes('"') || text.includes('\\') ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

/**
 * JSON text (as JSON.stringify writes it: no control characters) as one element. Quoting it as a JSON
 * string escapes exactly what an element needs (`"` and `\`), natively.
 */
export function quotedJsonElement(jsonText: string): string {
  return JSON.stringify(jsonText);
}
