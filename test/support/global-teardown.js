const { Client } = require('pg');

module.exports = async () => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const rows = await admin.query(`select datname from pg_database where datname like 'switchyard_test_%'`);
    for (const { datname } of rows.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
};
