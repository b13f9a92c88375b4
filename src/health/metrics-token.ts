import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries exactly this bearer token. Compared as SHA-256 digests in
 * constant time, so neither the token's characters nor its length leak through timing.
 */
export function bearerMatches(header: unknown, token: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}
