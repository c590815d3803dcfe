import { defineSettings } from '@switchyard/config';

/** The analytics module's own settings (schedules of its jobs), checked at boot with the rest. */
export const analyticsConfig = defineSettings({
  area: 'analytics',
  variables: {
    ANALYTICS_ROLLUP_CRON: { default: '0 */15 * * * *', meaning: 'when analytics-rollups refreshes the roll-up materialized views (CONCURRENTLY)' },
    ANALYTICS_ANOMALY_CRON: { default: '0 * * * * *', meaning: 'when analytics-anomalies queues the evaluation of the rules whose slot is the current minute' },
    ANALYTICS_MINING_CRON: { default: '0 15 3 * * *', meaning: 'when analytics-mining queues pattern mining for every organization with recent outcomes' },
  },
  parse: (read) => ({
    rollupCron: read.string('ANALYTICS_ROLLUP_CRON', '0 */15 * * * *')!,
    anomalyCron: read.string('ANALYTICS_ANOMALY_CRON', '0 * * * * *')!,
    miningCron: read.string('ANALYTICS_MINING_CRON', '0 15 3 * * *')!,
  }),
});
