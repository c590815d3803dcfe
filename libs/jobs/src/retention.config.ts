import { defineSettings } from '@switchyard/config';

/**
 * Retention of what is not a partitioned table (partitioned tables carry their defaults in
 * partition_register). An organization overrides any of them in its settings:
 * `settings.retentionDays.<key>` (organizations module, validated there).
 */
export const retentionConfig = defineSettings({
  area: 'retention',
  variables: {
    AUDIT_LOG_RETENTION_DAYS: {
      default: '365',
      meaning: "days audit entries are kept, unless an organization's settings.retentionDays.auditLogs says otherwise",
    },
    AUDIT_LOG_RETENTION_CRON: { default: '0 37 3 * * *', meaning: 'when audit entries past retention are deleted' },
    AUDIT_LOG_RETENTION_BATCH: { default: '50000', meaning: 'most audit entries one run deletes (the next run goes on)' },
  },
  parse: (read) => ({
    auditLogDays: read.integer('AUDIT_LOG_RETENTION_DAYS', 365, 1, 36_500),
    auditLogCron: read.string('AUDIT_LOG_RETENTION_CRON', '0 37 3 * * *')!,
    auditLogBatch: read.integer('AUDIT_LOG_RETENTION_BATCH', 50_000, 1, 10_000_000),
  }),
});
