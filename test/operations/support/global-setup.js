/**
 * Drops scratch databases (`switchyard_ops_<pid>_...`) left by operations runs whose process is
 * gone (a run killed before its afterAll): another run that is still going keeps its own.
 */
const { Client } = require('pg');

function alive(pid) {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

module.exports = async () => {
  const admin = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const { rows } = await admin.query(`select datname from pg_database where datname like 'switchyard\\_ops\\_%'`);
    for (const { datname } of rows) {
      const owner = /^switchyard_ops_(\d+)_/.exec(datname)?.[1];
      if (owner && !alive(owner)) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
};
