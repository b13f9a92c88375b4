import { ConfigValidationError, validateEnv } from './env.schema';

const good = { JWT_SECRET: 'x'.repeat(32) };

describe('validateEnv', () => {
  it('applies defaults when only the secret is given', () => {
    const env = validateEnv(good);
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://labtrace@127.0.0.1:55432/labtrace');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:56379');
  });

  it('converts numeric variables', () => {
    expect(validateEnv({ ...good, PORT: '8080' }).PORT).toBe(8080);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BIOTRACK_LICENSE: 'LAB1' }, 'BIOTRACK_LICENSE'],
  ])('names the bad variable %o', (override, name) => {
    expect(() => validateEnv({ ...good, ...override })).toThrow(new RegExp(`${name}:`));
  });

  it('names a missing required variable and every other bad one at once', () => {
    try {
      validateEnv({ PORT: '0' });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      const problems = (e as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/JWT_SECRET/);
      expect(problems).toMatch(/PORT/);
    }
  });
});
