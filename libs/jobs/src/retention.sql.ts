/** audit_log_purge is SECURITY DEFINER (migration AuditLogRetention): it deletes across organizations. */
export const AUDIT_LOG_PURGE_SQL = `select audit_log_purge($1, $2) as deleted`;
/** The registered partitioned tables and their default retention (partitioned_tables is readable by the runtime role). */
export const RETENTION_DEFAULTS_SQL = `select table_name, retention_key, default_retention_days, period from partitioned_tables order by table_name`;
