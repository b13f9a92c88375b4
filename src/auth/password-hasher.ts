import * as argon2 from 'argon2';

// argon2id with the library's defaults (OWASP-recommended memory cost).
export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, { type: argon2.argon2id });

export const verifyPassword = (hash: string, plain: string): Promise<boolean> => argon2.verify(hash, plain).catch(() => false);

// Verifying against this when the email is unknown keeps both failures equally slow.
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hashPassword('decoy-password-never-matches'));
