/**
 * Three rings (docs/architecture.md, rule 10):
 * - unit: specs beside the code (src/, libs/), no database;
 * - integration: test/**\/*.int-spec.ts against a real PostgreSQL (DATABASE_URL) or the embedded one;
 * - e2e: test/**\/*.e2e-spec.ts, the whole HTTP app end to end.
 */
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const moduleNameMapper = { '^@switchyard/(.*)$': '<rootDir>/libs/$1/src' };
const common = { transform, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  projects: [
    { ...common, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
