import { hashPassword, needsRehash, verifyPassword } from './password-hasher';

// The lowest cost the config accepts, so the test stays quick.
const CHEAP = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

describe('password hasher', () => {
  it('hashes with argon2id and the given parameters, and verifies', async () => {
    const hash = await hashPassword('correct horse battery', CHEAP);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'Correct horse battery')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'anything')).resolves.toBe(false);
  });

  it('asks for a rehash when the configured parameters differ from the hash’s, or it is no argon2id hash', async () => {
    const hash = await hashPassword('correct horse battery', CHEAP);
    expect(needsRehash(hash, CHEAP)).toBe(false);
    expect(needsRehash(hash, { ...CHEAP, memoryCost: 65536 })).toBe(true);
    expect(needsRehash(hash, { ...CHEAP, timeCost: 3 })).toBe(true);
    expect(needsRehash('$2b$10$bcrypt-looking', CHEAP)).toBe(true);
  });
});
