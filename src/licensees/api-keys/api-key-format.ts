import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key format `lt_<prefix>_<secret>`: the prefix (public, 10 hex chars) finds the row, the whole key's
 * SHA-256 proves possession. The prefix is what a licensee sees in the key list to tell keys apart.
 */
const KEY_PATTERN = /^lt_([0-9a-f]{10})_([A-Za-z0-9_-]{32,64})$/;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(5).toString('hex');
  const key = `lt_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyPrefix(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
