/**
 * The operations ring (`npm run test:ops`, run by .ci/run after the suite): the service as real
 * processes — three replicas, a rolling restart, PgBouncer, a PostgreSQL cluster of its own
 * stopped under load, kill -9 mid-job. Needs the local PostgreSQL server (DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres), Redis (REDIS_URL) and, for its PgBouncer file,
 * the pgbouncer binary. One file at a time: each starts several processes.
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
