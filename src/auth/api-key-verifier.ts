import { Actor } from '../common/actor';

/** Implemented by the licensees module; resolves an X-API-Key to a licensee actor or null. */
export interface ApiKeyVerifier {
  verify(rawKey: string): Promise<Extract<Actor, { type: 'licensee' }> | null>;
  /** `verify`'s answer for a key this process verified recently, else undefined (then `verify` must be asked). */
  verifiedRecently(rawKey: string): Extract<Actor, { type: 'licensee' }> | undefined;
}

export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');
