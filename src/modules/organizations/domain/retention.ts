/**
 * What an organization may keep for how long: `settings.retentionDays.<key>` in days. The
 * keys are the retention keys of the maintenance jobs — `auditLogs` (audit-log-retention) and
 * the retention keys time-partitioned tables are registered with (partition_register, in their
 * modules' migrations; test/platform/retention.e2e-spec.ts compares this list with
 * `partitioned_tables`): the event log, pipeline executions and steps, pipeline logs, metrics,
 * webhook deliveries, component communications.
 */
export const RETENTION_KEYS = ['auditLogs', 'events', 'pipelines', 'pipelineLogs', 'metrics', 'webhookDeliveries', 'componentCommunications'] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];
/** organization_retention_days() (migration PartitionsAndEvents) reads at most five digits. */
export const MAX_RETENTION_DAYS = 36_500;
