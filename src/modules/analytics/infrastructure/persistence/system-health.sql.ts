export const SYSTEM_HEALTH = `SELECT analytics_system_health() AS health`;
