/** The one integration a webhook names, before any tenant is known (SECURITY DEFINER, migration Integrations). */
export const WEBHOOK_TARGET = `select organization_id, platform, status, webhook_secret_sealed, previous_webhook_secret_sealed, previous_secret_valid_until
  from integration_webhook_target($1::uuid)`;

export const GITHUB_INTEGRATIONS_TO_RECONCILE = `select organization_id, integration_id from github_integrations_to_reconcile()`;

export const LINEAR_INTEGRATIONS_TO_SYNC = `select organization_id, integration_id from linear_integrations_to_sync()`;
