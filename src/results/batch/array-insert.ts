import { arrayLiteral, quotedElement, quotedJsonElement } from '../../database/array-literal';

/** The SQL types a column written by `arrayInsert` may have. */
export type ArrayColumnType = 'uuid' | 'int' | 'text' | 'numeric' | 'timestamptz' | 'boolean' | 'jsonb';

/** A column: its name, its SQL type, and how a row gives its value (null or undefined for SQL NULL; a Date for timestamptz). */
export type ArrayColumn<R> = readonly [name: string, type: ArrayColumnType, get: (row: R) => unknown];

/**
 * The most distinct values a column is sent as a list of, per type. A subscript into an array of
 * fixed-width elements without nulls is a direct offset; into text or numeric it walks the array from
 * the start, so those lists stay short.
 */
const MAX_DICTIONARY: Record<ArrayColumnType, number> = { uuid: 4096, int: 4096, boolean: 2, timestamptz: 4096, text: 256, numeric: 256, jsonb: 256 };

/**
 * A multi-row INSERT of `rows` in the given order, as one statement over array parameters. Each column
 * is sent in the cheapest of three shapes: one value (the same on every row: an import's source, user,
 * limit set, date), a list of its distinct values with one small index per row (sample, analyte, unit,
 * status), or one array element per row. A 20,000-row batch is then about a tenth of the bytes of one
 * JSON document with the column names on every row, and PostgreSQL parses arrays of small integers,
 * not a recordset of 25 keyed fields per row. The array literals are built in JavaScript (array-literal.ts).
 */
export async function arrayInsert<R>(
  table: string,
  columns: ReadonlyArray<ArrayColumn<R>>,
  rows: readonly R[],
  turnTaken: () => Promise<void> = () => Promise.resolve(),
): Promise<{ sql: string; params: unknown[] }> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const unnested: string[] = [];
  const unnest = (literalText: string, type: string) => `k.i${unnested.push(`${param(literalText)}::${type}[]`) - 1}`;
  const selected: string[] = [];
  for (const column of columns) {
    // A 20,000-row batch takes tens of milliseconds to build: the caller may give the event loop a turn between columns.
    await turnTaken();
    selected.push(columnSql(column));
  }
  const from =
    unnested.length > 0
      ? `FROM unnest(${unnested.join(', ')}) WITH ORDINALITY AS k(${[...unnested.map((_, i) => `i${i}`), 'n'].join(', ')}) ORDER BY k.n`
      : `FROM generate_series(1, ${rows.length})`;
  return { sql: `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT ${selected.join(', ')} ${from}`, params };

  /** One column's expression in the SELECT, its parameters added. */
  function columnSql([, type, get]: ArrayColumn<R>): string {
    const asText = textOf(type);
    // Most of an import's columns hold one value on every row (its source, user, limit set, date): seen
    // by comparing the values themselves, before any is turned into text or counted.
    if (rows.length > 0 && sameOnEveryRow(rows, get)) return `${param(asText(get(rows[0])))}::${type}`;
    const values = new Array<string | null>(rows.length);
    const quoted = type === 'jsonb' ? quotedJsonElement : quotedElement;
    for (let i = 0; i < rows.length; i++) values[i] = asText(get(rows[i]));
    const distinct = distinctValues(values, MAX_DICTIONARY[type]);
    if (distinct?.size === 0 || (distinct?.size === 1 && !values.includes(null))) return `${param(values[0])}::${type}`;
    // A list pays for itself when its values repeat: at least eight rows per value.
    if (distinct && distinct.size * 8 <= rows.length) {
      const at = unnest(arrayLiteral(values.map((v) => (v === null ? 'NULL' : distinct.get(v)!))), 'int');
      return `(${param(arrayLiteral([...distinct.keys()].map(quoted)))}::${type}[])[${at}]`;
    }
    return unnest(arrayLiteral(values.map((v) => (v === null ? 'NULL' : quoted(v)))), type);
  }
}

/** Every row gives the same value (null and undefined alike; Dates by their instant). */
function sameOnEveryRow<R>(rows: readonly R[], get: (row: R) => unknown): boolean {
  const first = get(rows[0]) ?? null;
  const instant = first instanceof Date ? first.getTime() : null;
  for (let i = 1; i < rows.length; i++) {
    const v = get(rows[i]) ?? null;
    if (v !== first && !(instant !== null && v instanceof Date && v.getTime() === instant)) return false;
  }
  return true;
}

/** Each distinct non-null value with its 1-based index (as text, ready for the literal), or null when there are more than `max`. */
function distinctValues(values: ReadonlyArray<string | null>, max: number): Map<string, string> | null {
  const distinct = new Map<string, string>();
  for (const v of values) {
    if (v === null || distinct.has(v)) continue;
    if (distinct.size === max) return null;
    distinct.set(v, String(distinct.size + 1));
  }
  return distinct;
}

/** How a column's values become the text PostgreSQL reads for its type (null stays null); compared by that text. */
function textOf(type: ArrayColumnType): (value: unknown) => string | null {
  if (type === 'boolean') return (v) => (v === null || v === undefined ? null : v ? 't' : 'f');
  if (type === 'jsonb') return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
  if (type === 'timestamptz') {
    // A batch's rows mostly share one instant, each in a Date of its own: formatted once.
    let last: Date | null = null;
    let lastText = '';
    return (v) => {
      if (v === null || v === undefined) return null;
      if (!(v instanceof Date)) return ownText(v);
      if (last === null || last.getTime() !== v.getTime()) [last, lastText] = [v, v.toISOString()];
      return lastText;
    };
  }
  return (v) => (v === null || v === undefined ? null : ownText(v));
}

/** Strings (text, uuid, decimal strings) as they are, numbers in JavaScript's notation. */
function ownText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  throw new TypeError(`arrayInsert: a ${typeof value} is not a column value`);
}
