/**
 * With DATABASE_URL (a PostgreSQL server): migrates a template database once per run, then
 * clones one database per Jest worker from it (CREATE DATABASE ... TEMPLATE is a file copy,
 * far faster than migrating again). Without DATABASE_URL each test file starts its own
 * embedded PostgreSQL in memory instead.
 */
require('@swc-node/register');
const { Client } = require('pg');
const { runMigrations } = require('../../libs/database/src/migrations-runner');
const { databaseUrlFor, runOfDatabase, templateDatabaseName, workerDatabaseName, TEST_DATABASE_PREFIX } = require('./test-database');

function alive(pid) {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

module.exports = async (globalConfig) => {
  // Workers are forked after this runs, so they inherit the run id.
  const run = String(process.pid);
  process.env.SWITCHYARD_TEST_RUN = run;
  if (!process.env.DATABASE_URL) return;
  // Behind PgBouncer (tools/pgbouncer.sh) databases are created and migrated directly.
  const serverUrl = process.env.TEST_DIRECT_DATABASE_URL ?? process.env.DATABASE_URL;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const existing = await admin.query(`select datname from pg_database where datname like $1`, [`${TEST_DATABASE_PREFIX}%`]);
    for (const { datname } of existing.rows) {
      const owner = runOfDatabase(datname);
      // Another run that is still going keeps its databases; leftovers of finished runs go.
      if (owner !== undefined && owner !== run && alive(owner)) continue;
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    const template = templateDatabaseName(run);
    await admin.query(`create database "${template}"`);
    await runMigrations(databaseUrlFor(serverUrl, template));
    for (let worker = 1; worker <= globalConfig.maxWorkers; worker += 1) {
      await admin.query(`create database "${workerDatabaseName(worker, run)}" template "${template}"`);
    }
  } finally {
    await admin.end();
  }
};
