/**
 * With DATABASE_URL (a PostgreSQL server): migrates a template database once per run, then
 * clones one database per Jest worker from it (CREATE DATABASE ... TEMPLATE is a file copy,
 * far faster than migrating again). Without DATABASE_URL each test file starts its own
 * embedded PostgreSQL in memory instead.
 */
require('@swc-node/register');
const { Client } = require('pg');
const { runMigrations } = require('../../libs/database/src/migrations-runner');
const { databaseUrlFor, TEMPLATE_DATABASE, workerDatabaseName } = require('./test-database');

module.exports = async (globalConfig) => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const stale = await admin.query(`select datname from pg_database where datname like 'switchyard_test_%'`);
    for (const { datname } of stale.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`create database "${TEMPLATE_DATABASE}"`);
    await runMigrations(databaseUrlFor(serverUrl, TEMPLATE_DATABASE));
    for (let worker = 1; worker <= globalConfig.maxWorkers; worker += 1) {
      await admin.query(`create database "${workerDatabaseName(worker)}" template "${TEMPLATE_DATABASE}"`);
    }
  } finally {
    await admin.end();
  }
};
