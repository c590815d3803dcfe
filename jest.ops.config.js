/**
 * The operations ring (`npm run test:ops`, run by .ci/run after the suite): the service as real
 * processes — three replicas, a rolling restart, a PostgreSQL cluster of its own crashed under
 * load, kill -9 mid-job. Needs the local PostgreSQL server (DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres), its binaries under /usr/lib/postgresql, and
 * Redis (REDIS_URL). One file at a time: each starts several processes. (PgBouncer has its own
 * run: npm run test:pgbouncer.)
 */
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const moduleNameMapper = { '^@switchyard/(.*)$': '<rootDir>/libs/$1/src' };

module.exports = {
  rootDir: __dirname,
  displayName: 'operations',
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/operations/**/*.ops-spec.ts'],
  globalSetup: '<rootDir>/test/operations/support/global-setup.js',
  maxWorkers: 1,
  testTimeout: 180_000,
};
