import { defineSettings } from '@switchyard/config';

/** The pipelines module's own settings, checked at boot with the rest. */
export const pipelinesConfig = defineSettings({
  area: 'pipelines',
  variables: {
    PIPELINE_CLAIM_MAX_WAIT_SECONDS: {
      default: '50',
      meaning: 'longest a runner’s claim long-polls before answering 204 (a runner may ask for less); under the 60 s idle timeout of common proxies',
    },
    PIPELINE_LEASE_SECONDS: { default: '60', meaning: 'a claimed step’s lease; each heartbeat extends it, and an expired one puts the step back' },
    PIPELINE_LOG_MAX_BYTES: { default: '5242880', meaning: 'log bytes kept per step attempt; more answers 413' },
    PIPELINE_ARTIFACT_URI_SCHEMES: { default: 's3,gs,azblob,https', meaning: 'the storage URI schemes an artifact may use' },
    PIPELINE_ARTIFACT_TTL_DAYS: { default: '30', meaning: 'artifact expiry when the runner names none' },
    PIPELINE_REAPER_CRON: { default: '*/15 * * * * *', meaning: 'when pipeline-reaper puts steps with lost leases back and times out overdue executions' },
    PIPELINE_SCHEDULER_CRON: { default: '0 * * * * *', meaning: 'when pipeline-scheduler starts the executions whose cron schedule fired' },
    PIPELINE_ARTIFACT_EXPIRY_CRON: { default: '0 */10 * * * *', meaning: 'when pipeline-artifact-expiry deletes expired artifacts' },
    PIPELINE_LISTEN: { default: 'true', meaning: 'wake long-polling claims by LISTEN pipeline_steps (PostgreSQL server only)' },
  },
  parse: (read) => ({
    claimMaxWaitSeconds: read.integer('PIPELINE_CLAIM_MAX_WAIT_SECONDS', 50, 0, 120),
    leaseSeconds: read.integer('PIPELINE_LEASE_SECONDS', 60, 5, 3600),
    logMaxBytes: read.integer('PIPELINE_LOG_MAX_BYTES', 5_242_880, 1024, 1_073_741_824),
    artifactSchemes: read
      .string('PIPELINE_ARTIFACT_URI_SCHEMES', 's3,gs,azblob,https')!
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    artifactTtlDays: read.integer('PIPELINE_ARTIFACT_TTL_DAYS', 30, 1, 3650),
    reaperCron: read.string('PIPELINE_REAPER_CRON', '*/15 * * * * *')!,
    schedulerCron: read.string('PIPELINE_SCHEDULER_CRON', '0 * * * * *')!,
    artifactExpiryCron: read.string('PIPELINE_ARTIFACT_EXPIRY_CRON', '0 */10 * * * *')!,
    listen: read.boolean('PIPELINE_LISTEN', true),
  }),
});
