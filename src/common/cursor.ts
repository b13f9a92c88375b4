import { isUuid } from './uuid.pipe';

/**
 * Opaque keyset cursors: the sort key of the last row returned (a timestamp and an id), base64url
 * encoded. Stable under inserts, unlike offsets, and each page is one index range scan.
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** Returns undefined for anything that is not a cursor this code produced. */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
    if (!isUuid(id)) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}
