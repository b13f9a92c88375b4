import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import { configRefusals, databaseRoleRefusals, ProductionRefusalError } from './production-checks';

/** A production environment that passes every check; each test spoils one variable. */
const GOOD = {
  LABTRACE_ENV: 'production',
  METRICS_TOKEN: 'm'.repeat(8) + 'Qx7-vR2pL9sT4wZ1yB6nK3',
  JWT_SECRET: 'Jk8vQ2xR7mN4pL9sT1wZ6yB3cF5hD0gA-_uEiOo',
  DATABASE_URL: 'postgres://labtrace_app:Vx93-kq7Zp2LmR8s@db.internal:5432/labtrace',
  BIOTRACK_BASE_URL: 'https://ny-api.example-state.gov',
  BIOTRACK_API_KEY: 'integrator-key-issued-to-the-lab',
  BIOTRACK_PASSWORD: 'the-labs-biotrack-password',
  AUDIT_HEAD_KEY: 'hK4-pQ9zR2vL7mX1sT8wY3bN6cF0dG5jA',
  AUDIT_HEAD_KEY_FILE: '/nonexistent/audit-head.key',
};

const refusals = (env: Record<string, string> = {}) => configRefusals(new AppConfig(validateEnv({ ...GOOD, ...env })));

describe('production configuration checks', () => {
  it('accepts a configuration with its own secrets and credentials', () => {
    expect(refusals()).toEqual([]);
  });

  it.each([
    ['a secret published in the repository', 'e2e-secret-e2e-secret-e2e-secret-0123', /published in the LabTrace repository/],
    ['a placeholder', 'please-change-me-before-going-live-2026', /placeholder/],
    ['a typed pattern', 'abababababababababababababababab', /short pattern/],
    ['one character repeated', 'x'.repeat(40), /short pattern/],
  ])('refuses a JWT_SECRET that is %s', (_, secret, reason) => {
    expect(refusals({ JWT_SECRET: secret })).toEqual([expect.stringMatching(reason)]);
  });

  it('accepts a hex secret (few distinct characters, but random)', () => {
    expect(refusals({ JWT_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })).toEqual([]);
  });

  it.each([
    ['no password (the demo database trusts local connections)', 'postgres://labtrace@127.0.0.1:55432/labtrace', /has no password/],
    ['a default password', 'postgres://labtrace:postgres@db:5432/lims', /default database password/],
    ['the user name as password', 'postgres://lims:LIMS@db:5432/lims', /default database password/],
  ])('refuses a DATABASE_URL with %s', (_, url, reason) => {
    expect(refusals({ DATABASE_URL: url })).toEqual([expect.stringMatching(reason)]);
  });

  it("refuses the BioTrack simulator's address and credentials, which are the schema defaults", () => {
    const problems = refusals({ BIOTRACK_BASE_URL: '', BIOTRACK_API_KEY: '', BIOTRACK_PASSWORD: '' });
    expect(problems).toEqual([expect.stringMatching(/BIOTRACK_BASE_URL is the local BioTrack simulator/), expect.stringMatching(/simulator's default/)]);
  });

  it('does not judge BioTrack settings when the lab reports to Metrc', () => {
    const metrc = {
      TRACEABILITY_ADAPTER: 'metrc',
      METRC_BASE_URL: 'https://api-ny.metrc.com',
      METRC_VENDOR_KEY: 'v',
      METRC_USER_KEY: 'u',
      METRC_LICENSE: 'OCM-LAB-25-000007',
    };
    expect(refusals({ ...metrc, BIOTRACK_BASE_URL: '', BIOTRACK_API_KEY: '' })).toEqual([]);
  });

  it('lists every reason at once', () => {
    const error = new ProductionRefusalError(refusals({ JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://labtrace@127.0.0.1:55432/labtrace' }));
    expect(error.reasons).toHaveLength(2);
    expect(error.message).toMatch(/^LabTrace refuses to start with LABTRACE_ENV=production:\n {2}- JWT_SECRET .*\n {2}- DATABASE_URL has no password/);
  });

  it('refuses a superuser or a table owner as the database role, and accepts the runtime role', () => {
    expect(databaseRoleRefusals({ name: 'postgres', superuser: true, ownedTables: 0 })).toEqual([
      expect.stringMatching(/^DATABASE_URL connects as postgres, a superuser; .* runtime role/),
    ]);
    expect(databaseRoleRefusals({ name: 'labtrace_owner', superuser: false, ownedTables: 27 })).toEqual([
      expect.stringMatching(/^DATABASE_URL connects as labtrace_owner, which owns 27 table\(s\); that role is for migrations only/),
    ]);
    expect(databaseRoleRefusals({ name: 'labtrace_app', superuser: false, ownedTables: 0 })).toEqual([]);
  });

  it('refuses unsigned audit chain heads (no AUDIT_HEAD_KEY and no key file)', () => {
    expect(refusals({ AUDIT_HEAD_KEY: '' })).toEqual([expect.stringMatching(/^AUDIT_HEAD_KEY \(or AUDIT_HEAD_KEY_FILE\) is not set/)]);
  });

  it('requires METRICS_TOKEN in production only', () => {
    expect(() => validateEnv({ ...GOOD, METRICS_TOKEN: '' })).toThrow(/METRICS_TOKEN is required when LABTRACE_ENV=production/);
    expect(validateEnv({ JWT_SECRET: GOOD.JWT_SECRET }).METRICS_TOKEN).toBeUndefined();
    expect(() => validateEnv({ JWT_SECRET: GOOD.JWT_SECRET, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 24 characters/);
    expect(() => validateEnv({ ...GOOD, LABTRACE_ENV: 'staging' })).toThrow(/LABTRACE_ENV must be development or production/);
  });
});
