import * as argon2 from 'argon2';

/** argon2id cost parameters (config: ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM). */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The library's defaults, which the config defaults repeat (64 MiB, 3 passes, 4 lanes). */
export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 65536, timeCost: 3, parallelism: 4 };

export const hashPassword = (plain: string, params: Argon2Params = DEFAULT_ARGON2): Promise<string> => argon2.hash(plain, { type: argon2.argon2id, ...params });

export const verifyPassword = (hash: string, plain: string): Promise<boolean> => argon2.verify(hash, plain).catch(() => false);

/** True when the hash was made with other parameters than those configured now (rehash at the next sign-in). */
export function needsRehash(hash: string, params: Argon2Params): boolean {
  try {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, params);
  } catch {
    return true;
  }
}

// Verifying against this when the email is unknown keeps both failures equally slow.
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (params: Argon2Params = DEFAULT_ARGON2): Promise<string> =>
  (decoyHash ??= hashPassword('decoy-password-never-matches', params));
