import { ConfigValidationError, defaultEnv, validateEnv } from '../env.schema';
import { AuditEnv } from './audit.env';
import { AuthEnv } from './auth.env';
import { BiotrackEnv } from './biotrack.env';
import { DatabaseEnv } from './database.env';
import { DeliveryEnv } from './delivery.env';
import { partVariables } from './env-part';
import { LabEnv } from './lab.env';
import { LicenseeApiEnv } from './licensee-api.env';
import { MetrcEnv } from './metrc.env';
import { ServerEnv } from './server.env';
import { UploadsEnv } from './uploads.env';

const secret = { JWT_SECRET: 'x'.repeat(32) };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    validateEnv(env);
    return [];
  } catch (e) {
    return (e as ConfigValidationError).problems;
  }
};

describe('EnvSchema parts', () => {
  it('give each variable to exactly one part, those without a default included', () => {
    const parts = [ServerEnv, DatabaseEnv, UploadsEnv, BiotrackEnv, MetrcEnv, DeliveryEnv, LicenseeApiEnv, AuthEnv, AuditEnv, LabEnv];
    const names = parts.flatMap((part) => [...new Set(partVariables(part))]);
    expect(new Set(names).size).toBe(names.length);
    expect(partVariables(AuthEnv)).toEqual(expect.arrayContaining(['JWT_SECRET', 'DEMO_PASSWORD', 'SESSION_MAX_HOURS']));
    expect(partVariables(MetrcEnv)).toEqual(expect.arrayContaining(['METRC_BASE_URL', 'METRC_LICENSE', 'METRC_TEST_TYPE_MAP', 'METRC_PAGE_SIZE']));
  });

  it('defaultEnv holds every part default and no secret', () => {
    const defaults = defaultEnv();
    expect([
      defaults.PORT,
      defaults.DATABASE_URL,
      defaults.BIOTRACK_API_KEY,
      defaults.METRC_PAGE_SIZE,
      defaults.SESSION_MAX_HOURS,
      defaults.LAB_TIMEZONE,
    ]).toEqual([3000, 'postgres://labtrace_app@127.0.0.1:55432/labtrace', 'sim-integrator-key', 20, 12, 'America/New_York']);
    expect(defaults.JWT_SECRET).toBeUndefined();
    expect(defaults.METRC_BASE_URL).toBeUndefined();
  });

  it("checks a part's condition against another part's variable", () => {
    expect(validateEnv({ ...secret, WEBHOOK_ALLOWED_HOSTS: 'localhost' }).WEBHOOK_ALLOWED_HOSTS).toBe('localhost');
    expect(problemsOf({ ...secret, LABTRACE_ENV: 'production', METRICS_TOKEN: 'm'.repeat(24), WEBHOOK_ALLOWED_HOSTS: 'localhost' })).toEqual([
      'WEBHOOK_ALLOWED_HOSTS: WEBHOOK_ALLOWED_HOSTS must be empty when LABTRACE_ENV=production',
    ]);
  });

  it('lists problems part by part, each in declaration order', () => {
    const problems = problemsOf({ LAB_NAME: 'ok', SESSION_MAX_HOURS: '0', PARSE_WORKERS: '99', PORT: '0', LISTEN_HOST: 'a b' });
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['PORT', 'LISTEN_HOST', 'PARSE_WORKERS', 'JWT_SECRET', 'SESSION_MAX_HOURS']);
    expect(problems[0]).toBe('PORT: PORT must not be less than 1');
  });
});
