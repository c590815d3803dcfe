/**
 * What an organization may keep for how long: `settings.retentionDays.<key>` in days. The
 * keys are the retention keys of the maintenance jobs — `auditLogs` (audit-log-retention) and
 * the retention keys time-partitioned tables are registered with (partition_register):
 * deliveries, pipeline executions, metrics, events.
 */
export const RETENTION_KEYS = ['auditLogs', 'deliveries', 'pipelineExecutions', 'metrics', 'events'] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];
/** organization_retention_days() (migration PartitionsAndEvents) reads at most five digits. */
export const MAX_RETENTION_DAYS = 36_500;
