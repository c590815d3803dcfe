/**
 * The projects adapter's SQL that TypeORM cannot say. Run through `TenantTransaction.query`.
 */

/**
 * Serializes project creation in the organization until the transaction ends, so the plan's
 * limit check (a count) and the insert cannot interleave with another creation. $1: organization.
 */
export const LOCK_PROJECT_CREATION = `select pg_advisory_xact_lock(hashtext('projects.create:' || $1::text))`;
