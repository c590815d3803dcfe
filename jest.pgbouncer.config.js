/**
 * The integration ring (integration and e2e files) as jest.config.js runs it, for
 * `npm run test:pgbouncer`: tools/pgbouncer.sh puts PgBouncer in transaction-pooling mode
 * between the suite and PostgreSQL. (A config of its own so that `npm run test:pgbouncer -- <path>`
 * filters by path: --selectProjects would take the path for a project name.)
 */
const base = require('./jest.config.js');

module.exports = { ...base, projects: base.projects.filter((project) => project.displayName === 'integration') };
