// Two projects split by file name: *.spec.ts are unit tests (no services), test/**/*.e2e-spec.ts boot the
// real app on the project's own PostgreSQL and Redis.
// Dates are compared and printed in UTC whatever the machine's zone (workers inherit this).
process.env.TZ = 'UTC';
const transform = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } },
  ],
};
module.exports = {
  // testTimeout is global in jest (ignored inside projects): e2e tests wait for real services.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      rootDir: __dirname,
      roots: ['<rootDir>/src', '<rootDir>/tools'],
      testMatch: ['**/*.spec.ts'],
      modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/tools/biotrack-simulator/dist', '<rootDir>/tools/metrc-simulator/dist'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      rootDir: __dirname,
      roots: ['<rootDir>/test', '<rootDir>/src'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      modulePathIgnorePatterns: ['<rootDir>/dist'],
      testTimeout: 60000,
    },
  ],
};
