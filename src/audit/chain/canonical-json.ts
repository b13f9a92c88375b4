/**
 * Canonical JSON for hashing audit content (docs/backup-restore.md, "Canonical content"):
 * object keys sorted by UTF-16 code units, no whitespace, strings escaped as JSON.stringify escapes
 * them, numbers written exactly as their source lexeme. Numbers are read from PostgreSQL's jsonb text,
 * whose numeric output is fixed for a stored value, so keeping the lexeme keeps every digit (a JS
 * number would round 0.10000000000000000001 to 0.1 and hide a change).
 */

/** A JSON number kept as its source text. */
export class JsonNumber {
  constructor(readonly lexeme: string) {
    if (!NUMBER.test(lexeme)) throw new SyntaxError(`not a JSON number: ${lexeme}`);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_PREFIX = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// JSON strings may not hold raw control characters, so the class names them.
// eslint-disable-next-line no-control-regex
const STRING_PREFIX = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses JSON text, keeping numbers as JsonNumber. Throws SyntaxError on anything that is not JSON. */
export function parseJson(text: string): JsonValue {
  let at = 0;
  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`JSON: ${what} at offset ${at}`);
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return null;
    at = re.lastIndex;
    return m[0];
  };
  const value = (): JsonValue => {
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      const obj: { [key: string]: JsonValue } = {};
      skip();
      if (text[at] === '}') return (at++, obj);
      for (;;) {
        skip();
        const key = match(STRING_PREFIX) ?? fail('expected a key');
        skip();
        if (text[at++] !== ':') fail('expected ":"');
        Object.defineProperty(obj, JSON.parse(key) as string, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        const sep = text[at++];
        if (sep === '}') return obj;
        if (sep !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      const arr: JsonValue[] = [];
      skip();
      if (text[at] === ']') return (at++, arr);
      for (;;) {
        arr.push(value());
        skip();
        const sep = text[at++];
        if (sep === ']') return arr;
        if (sep !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return JSON.parse(match(STRING_PREFIX) ?? fail('bad string')) as string;
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, at)) return ((at += word.length), v);
    }
    const n = match(NUMBER_PREFIX);
    return n ? new JsonNumber(n) : fail('unexpected character');
  };
  const result = value();
  skip();
  if (at !== text.length) fail('trailing characters');
  return result;
}

/** The canonical text of a value. Plain JS numbers are accepted when finite (written as String(n)). */
export function canonicalJson(value: JsonValue | number | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
    return String(value);
  }
  if (value instanceof JsonNumber) return value.lexeme;
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}
