import { ConfigValidationError, validateEnv } from './env.schema';

const good = { JWT_SECRET: 'x'.repeat(32) };

describe('validateEnv', () => {
  it('applies defaults when only the secret is given', () => {
    const env = validateEnv(good);
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://labtrace_app@127.0.0.1:55432/labtrace');
    expect(env.DATABASE_MIGRATION_URL).toBeUndefined();
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:56379');
  });

  it('converts numeric variables', () => {
    expect(validateEnv({ ...good, PORT: '8080' }).PORT).toBe(8080);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_MIGRATION_URL: 'postgres://owner@db:5432' }, 'DATABASE_MIGRATION_URL'],
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

  describe('Metrc (TRACEABILITY_ADAPTER=metrc)', () => {
    const metrc = {
      TRACEABILITY_ADAPTER: 'metrc',
      METRC_BASE_URL: 'http://127.0.0.1:4020',
      METRC_VENDOR_KEY: 'metrc-sim-vendor-key',
      METRC_USER_KEY: 'metrc-sim-user-key',
      METRC_LICENSE: 'OCM-LAB-25-000007',
    };

    it('needs none of its variables while the adapter is biotrack', () => {
      expect(validateEnv(good).METRC_BASE_URL).toBeUndefined();
    });

    it('names every missing Metrc variable at once when the adapter is metrc', () => {
      try {
        validateEnv({ ...good, TRACEABILITY_ADAPTER: 'metrc' });
        throw new Error('expected failure');
      } catch (e) {
        const problems = (e as ConfigValidationError).problems.join('\n');
        for (const name of ['METRC_BASE_URL', 'METRC_VENDOR_KEY', 'METRC_USER_KEY', 'METRC_LICENSE']) {
          expect(problems).toMatch(new RegExp(`${name}: .*${name} is required when TRACEABILITY_ADAPTER=metrc`));
        }
      }
    });

    it('takes the four and defaults the GET limits to Metrc published ones', () => {
      const env = validateEnv({ ...good, ...metrc });
      expect([
        env.METRC_LICENSE,
        env.METRC_GET_RATE_PER_FACILITY,
        env.METRC_GET_RATE_PER_VENDOR_KEY,
        env.METRC_GET_CONCURRENCY_PER_FACILITY,
        env.METRC_PAGE_SIZE,
      ]).toEqual(['OCM-LAB-25-000007', 50, 150, 10, 20]);
    });

    it.each([
      [{ METRC_BASE_URL: 'api-ny.metrc.com' }, 'METRC_BASE_URL'],
      [{ METRC_PAGE_SIZE: '50' }, 'METRC_PAGE_SIZE'],
      [{ METRC_LICENSE: 'no spaces please' }, 'METRC_LICENSE'],
      [{ TRACEABILITY_ADAPTER: 'leaf' }, 'TRACEABILITY_ADAPTER'],
    ])('names the bad variable %o', (override, name) => {
      expect(() => validateEnv({ ...good, ...metrc, ...override })).toThrow(new RegExp(`${name}:`));
    });
  });
});
