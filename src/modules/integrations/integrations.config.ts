import { defineSettings } from '@switchyard/config';

/** The integrations module's own settings, checked at boot with the rest. */
export const integrationsConfig = defineSettings({
  area: 'integrations',
  variables: {
    INTEGRATIONS_GITHUB_API_URL: { default: 'https://api.github.com', meaning: "GitHub's REST API base URL (a local fake in tests)" },
    INTEGRATIONS_LINEAR_API_URL: { default: 'https://api.linear.app/graphql', meaning: "Linear's GraphQL endpoint" },
    INTEGRATIONS_SLACK_API_URL: { default: 'https://slack.com/api', meaning: "Slack's Web API base URL" },
    INTEGRATIONS_SECRET_GRACE_SECONDS: { default: '86400', meaning: 'how long the previous webhook secret is still accepted after a rotation' },
    INTEGRATIONS_CALLS_PER_MINUTE: {
      default: '60',
      meaning: 'outbound calls per integration per minute, shared by every replica (Redis when REDIS_URL is set)',
    },
    INTEGRATIONS_CIRCUIT_COOLDOWN_MS: { default: '60000', meaning: 'how long calls pause after 5 consecutive failures (the integration shows unhealthy)' },
    INTEGRATIONS_DELIVERY_CONCURRENCY: { default: '8', meaning: 'webhook deliveries processed at once per process' },
    INTEGRATIONS_DELIVERY_MAX_ATTEMPTS: { default: '8', meaning: 'processing attempts of a delivery before it is dead-lettered' },
    INTEGRATIONS_RECONCILE_CRON: {
      default: '0 */10 * * * *',
      meaning: 'when integrations-reconcile lists recent GitHub deliveries and redelivers the missed ones',
    },
    INTEGRATIONS_LINEAR_SYNC_CRON: { default: '15 * * * * *', meaning: 'when integrations-linear-sync pushes task changes to their Linear issues' },
  },
  parse: (read) => ({
    githubApiUrl: read.string('INTEGRATIONS_GITHUB_API_URL', 'https://api.github.com')!.replace(/\/+$/, ''),
    linearApiUrl: read.string('INTEGRATIONS_LINEAR_API_URL', 'https://api.linear.app/graphql')!,
    slackApiUrl: read.string('INTEGRATIONS_SLACK_API_URL', 'https://slack.com/api')!.replace(/\/+$/, ''),
    secretGraceSeconds: read.integer('INTEGRATIONS_SECRET_GRACE_SECONDS', 86_400, 0, 30 * 86_400),
    callsPerMinute: read.integer('INTEGRATIONS_CALLS_PER_MINUTE', 60, 1, 100_000),
    circuitCooldownMs: read.integer('INTEGRATIONS_CIRCUIT_COOLDOWN_MS', 60_000, 1000, 3_600_000),
    deliveryConcurrency: read.integer('INTEGRATIONS_DELIVERY_CONCURRENCY', 8, 1, 256),
    deliveryMaxAttempts: read.integer('INTEGRATIONS_DELIVERY_MAX_ATTEMPTS', 8, 1, 50),
    reconcileCron: read.string('INTEGRATIONS_RECONCILE_CRON', '0 */10 * * * *')!,
    linearSyncCron: read.string('INTEGRATIONS_LINEAR_SYNC_CRON', '15 * * * * *')!,
  }),
});
