// The public face of Platform Integrations: what other modules may import.
export { IntegrationNotifier, NOTIFICATION_KINDS } from './application/integration-notifier';
export type { NotificationKind } from './application/integration-notifier';
export { IntegrationsModule } from './integrations.module';
