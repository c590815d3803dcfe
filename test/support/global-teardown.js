const { Client } = require('pg');

/** Drops this run's databases only: other runs may be using the same server. */
module.exports = async () => {
  const serverUrl = process.env.TEST_DIRECT_DATABASE_URL ?? process.env.DATABASE_URL;
  const run = process.env.SWITCHYARD_TEST_RUN;
  if (!serverUrl || !run) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const rows = await admin.query(`select datname from pg_database where datname like $1`, [`switchyard_test_${run}_%`]);
    for (const { datname } of rows.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
};
