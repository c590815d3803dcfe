export const SYSTEM_HEALTH = `SELECT analytics_system_health() AS health, analytics_webhook_lag() AS webhooks`;
