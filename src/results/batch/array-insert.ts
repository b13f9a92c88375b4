/** The SQL types a column written by `arrayInsert` may have. */
export type ArrayColumnType = 'uuid' | 'int' | 'text' | 'numeric' | 'timestamptz' | 'boolean' | 'jsonb';

/** A column: its name, its SQL type, and how a row gives its value (null for SQL NULL). */
export type ArrayColumn<R> = readonly [name: string, type: ArrayColumnType, get: (row: R) => unknown];

/** Above this many distinct values a column is sent whole (array subscripts into long text arrays walk them). */
const MAX_DICTIONARY = 256;

/**
 * A multi-row INSERT of `rows` in the given order, as one statement over array parameters. Each column
 * is sent in the cheapest of three shapes: one value (the same on every row: an import's source, user,
 * limit set, date), a short list of its distinct values with one small index per row (analyte, unit,
 * status, sample), or one array element per row. A 20,000-row batch is then about a tenth of the bytes of
 * one JSON document with the column names on every row, and PostgreSQL parses arrays of small integers,
 * not a recordset of 25 keyed fields per row. Array literals are built here, not by node-pg, which escapes
 * every element of every array in JavaScript.
 */
export function arrayInsert<R>(table: string, columns: ReadonlyArray<ArrayColumn<R>>, rows: readonly R[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const unnested: string[] = [];
  const selected = columns.map(([, type, get]) => {
    const values = rows.map(get);
    const encoded = values.map((v) => element(v, type));
    const distinct = new Map<string, number>();
    for (const e of encoded) {
      if (!distinct.has(e)) distinct.set(e, distinct.size + 1);
      if (distinct.size > MAX_DICTIONARY) break;
    }
    if (distinct.size === 1) return `${param(scalar(values[0], type))}::${type}`;
    if (distinct.size <= MAX_DICTIONARY && distinct.size * 8 < rows.length) {
      const alias = `i${unnested.length}`;
      unnested.push(`${param(literal(encoded.map((e) => String(distinct.get(e)))))}::int[]`);
      return `(${param(literal([...distinct.keys()]))}::${type}[])[k.${alias}]`;
    }
    const alias = `i${unnested.length}`;
    unnested.push(`${param(literal(encoded))}::${type}[]`);
    return `k.${alias}`;
  });
  const aliases = unnested.map((_, i) => `i${i}`);
  const from =
    unnested.length > 0
      ? `FROM unnest(${unnested.join(', ')}) WITH ORDINALITY AS k(${[...aliases, 'n'].join(', ')}) ORDER BY k.n`
      : `FROM generate_series(1, ${rows.length})`;
  return { sql: `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT ${selected.join(', ')} ${from}`, params };
}

/** A value as one element of an array literal: NULL, or double-quoted with `"` and `\` escaped. */
function element(value: unknown, type: ArrayColumnType): string {
  if (value === null || value === undefined) return 'NULL';
  const text = scalar(value, type)!;
  return /["\\]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

/** A value as the text PostgreSQL reads for its type. */
function scalar(value: unknown, type: ArrayColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value ? 't' : 'f';
  if (type === 'jsonb') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function literal(elements: readonly string[]): string {
  return `{${elements.join(',')}}`;
}
