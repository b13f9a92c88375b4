import { migrationTargetFromEnvironment } from './app-config';

describe('migrationTargetFromEnvironment (the migration CLI)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const target = (env: Record<string, string | undefined>) => {
    process.env = { ...saved, DATABASE_URL: undefined, DATABASE_MIGRATION_URL: undefined, ...env };
    return migrationTargetFromEnvironment();
  };

  it('migrates as the owner role and grants to DATABASE_URL’s user', () => {
    expect(
      target({
        DATABASE_URL: 'postgres://lab1_app:s3cret@db:5432/lab1',
        DATABASE_MIGRATION_URL: 'postgres://lab1_owner:0wner@db:5432/lab1',
      }),
    ).toEqual({ url: 'postgres://lab1_owner:0wner@db:5432/lab1', runtimeRole: 'lab1_app' });
  });

  it('with one URL (or the same user in both), migrates with it and leaves the runtime role to the migrations’ default', () => {
    expect(target({ DATABASE_URL: 'postgres://lims:pw@db:5432/lims' })).toEqual({ url: 'postgres://lims:pw@db:5432/lims', runtimeRole: null });
    expect(target({ DATABASE_URL: 'postgres://lims:pw@db:5432/lims', DATABASE_MIGRATION_URL: 'postgres://lims:pw@db:5432/lims' }).runtimeRole).toBeNull();
  });
});
