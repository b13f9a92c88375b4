import { isDateTimeInput } from './date-input';
import { isUuid } from './uuid.pipe';

/**
 * Opaque keyset cursors: the sort key of the last row returned (a timestamp and an id), base64url
 * encoded. Stable under inserts, unlike offsets, and each page is one index range scan.
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

/**
 * The timestamp as the repositories write it (to_char … 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'): UTC with
 * microseconds. Only this shape is read back, so PostgreSQL is never handed a date it refuses.
 */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/**
 * Returns undefined for anything that is not a cursor this code produced: the exact bytes encodeCursor
 * writes (base64url of a JSON pair), a real calendar instant in DATE_INPUT_YEARS, and a UUID.
 */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || !CURSOR_AT.test(at) || !isDateTimeInput(at)) return undefined;
    if (!isUuid(id)) return undefined;
    const position = { at, id };
    // Base64 and JSON both have many spellings of one value; only encodeCursor's own is a cursor.
    return encodeCursor(position) === cursor ? position : undefined;
  } catch {
    return undefined;
  }
}
