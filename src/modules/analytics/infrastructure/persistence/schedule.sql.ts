export const DUE_RULES = `SELECT organization_id, rule_id FROM analytics_due_rules($1)`;
export const ACTIVE_ORGANIZATIONS = `SELECT organization_id FROM analytics_active_organizations($1)`;
