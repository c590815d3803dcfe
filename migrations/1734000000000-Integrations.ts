import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['integrations', 'webhook_delivery_keys', 'webhook_deliveries', 'external_mappings', 'components', 'component_communications'];

/**
 * 2.6 Platform Integrations: integrations (sealed credentials and webhook secrets), accepted
 * webhook deliveries (partitioned by month of receipt) with their dedup keys, the external ↔
 * internal mapping, and the component registry with every communication (partitioned by day).
 *
 * A webhook arrives without a tenant: `integration_webhook_target(id)` (SECURITY DEFINER) answers
 * the organization and sealed secrets of one integration by id, and the insert then runs in that
 * organization's tenant transaction, under RLS like everything else.
 */
export class Integrations1734000000000 implements MigrationInterface {
  name = 'Integrations1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integrations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN ('github', 'linear', 'slack')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        configuration jsonb NOT NULL DEFAULT '{}',
        credentials_sealed text,
        webhook_secret_sealed text NOT NULL,
        previous_webhook_secret_sealed text,
        previous_secret_valid_until timestamptz,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'unhealthy')),
        last_success_at timestamptz,
        last_error_at timestamptz,
        last_error text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        circuit_open_until timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT integrations_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT integrations_organization_name_key UNIQUE (organization_id, name)
      );
      -- The webhook route finds its integration by id before any tenant is known (integration_webhook_target).
      CREATE INDEX integrations_id_idx ON integrations (id);

      -- One row per accepted dedup key (X-GitHub-Delivery, Linear-Delivery, Slack event_id /
      -- trigger_id): the deliveries are partitioned by time, so a unique key across all time
      -- cannot live there.
      CREATE TABLE webhook_delivery_keys (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL,
        dedup_key text NOT NULL CHECK (length(dedup_key) BETWEEN 1 AND 200),
        delivery_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        CONSTRAINT webhook_delivery_keys_pkey PRIMARY KEY (organization_id, integration_id, dedup_key),
        CONSTRAINT webhook_delivery_keys_integration_fkey FOREIGN KEY (organization_id, integration_id)
          REFERENCES integrations (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX webhook_delivery_keys_received_idx ON webhook_delivery_keys (received_at);

      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL,
        platform text NOT NULL CHECK (platform IN ('github', 'linear', 'slack')),
        event text NOT NULL CHECK (length(event) BETWEEN 1 AND 200),
        dedup_key text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        body bytea NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'processed', 'ignored', 'failed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        error text,
        outcome jsonb,
        job_id uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (organization_id, id, received_at),
        CONSTRAINT webhook_deliveries_integration_fkey FOREIGN KEY (organization_id, integration_id)
          REFERENCES integrations (organization_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (received_at);
      CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (organization_id, integration_id, received_at DESC, id DESC);
      CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (organization_id, integration_id, received_at) WHERE status = 'dead';

      CREATE TABLE external_mappings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL,
        platform text NOT NULL CHECK (platform IN ('github', 'linear', 'slack')),
        external_type text NOT NULL CHECK (length(external_type) BETWEEN 1 AND 100),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 500),
        entity_type text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 100),
        entity_id uuid NOT NULL,
        -- The entity's version this service last wrote or read back: an outbound sync skips a
        -- change that came from the platform (loop prevention).
        entity_version integer,
        -- Fingerprint of what this service last sent to the platform: the platform's echo of it is not applied.
        last_sent_fingerprint text,
        external_updated_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT external_mappings_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT external_mappings_external_key UNIQUE (organization_id, integration_id, external_type, external_id),
        CONSTRAINT external_mappings_integration_fkey FOREIGN KEY (organization_id, integration_id)
          REFERENCES integrations (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX external_mappings_entity_idx ON external_mappings (organization_id, entity_type, entity_id);

      CREATE TABLE components (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('github', 'linear', 'slack', 'codegen', 'other')),
        integration_id uuid,
        capabilities jsonb NOT NULL DEFAULT '[]',
        health_status text NOT NULL DEFAULT 'unknown' CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')),
        avg_response_ms double precision,
        calls integer NOT NULL DEFAULT 0,
        failures integer NOT NULL DEFAULT 0,
        last_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT components_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT components_organization_name_key UNIQUE (organization_id, name),
        CONSTRAINT components_integration_fkey FOREIGN KEY (organization_id, integration_id)
          REFERENCES integrations (organization_id, id) ON DELETE CASCADE
      );

      CREATE TABLE component_communications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        component_id uuid NOT NULL,
        integration_id uuid,
        delivery_id uuid,
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        operation text NOT NULL CHECK (length(operation) BETWEEN 1 AND 200),
        attempt integer NOT NULL DEFAULT 1,
        timeout_ms integer,
        status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'timeout', 'refused', 'rate_limited', 'ignored')),
        http_status integer,
        duration_ms integer NOT NULL DEFAULT 0,
        error text,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT component_communications_pkey PRIMARY KEY (organization_id, id, created_at),
        CONSTRAINT component_communications_component_fkey FOREIGN KEY (organization_id, component_id)
          REFERENCES components (organization_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (created_at);
      CREATE INDEX component_communications_component_idx ON component_communications (organization_id, component_id, created_at DESC);
      CREATE INDEX component_communications_integration_idx ON component_communications (organization_id, integration_id, created_at DESC);
    `);

    // Partitions and retention (the Foundations' partition_register; the scheduled
    // partition-maintenance job creates partitions ahead and drops what every organization's
    // retention has passed): deliveries by month, kept 30 days unless the organization's
    // settings.retentionDays.webhookDeliveries says otherwise; communications by day, 30 days
    // (retentionDays.componentCommunications).
    await q.query(`SELECT partition_register('webhook_deliveries', 'received_at', 'month', 2, 'webhookDeliveries', 30)`);
    await q.query(`SELECT partition_register('component_communications', 'created_at', 'day', 7, 'componentCommunications', 30)`);

    for (const table of ['integrations', 'external_mappings', 'components']) {
      await q.query(`CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }
    for (const table of TENANT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
          WITH CHECK (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid);
      `);
    }

    await q.query(`
      -- A webhook names its integration by id and carries no tenant: this answers the one
      -- integration's organization, platform, status and sealed secrets (never anything else),
      -- so the receipt can verify the signature and then enter that organization's transaction.
      CREATE FUNCTION integration_webhook_target(p_id uuid)
      RETURNS TABLE (organization_id uuid, platform text, status text, webhook_secret_sealed text,
                     previous_webhook_secret_sealed text, previous_secret_valid_until timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT i.organization_id, i.platform, i.status, i.webhook_secret_sealed,
               i.previous_webhook_secret_sealed, i.previous_secret_valid_until
        FROM integrations i WHERE i.id = p_id
      $$;
      REVOKE ALL ON FUNCTION integration_webhook_target(uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION integration_webhook_target(uuid) TO switchyard_app;

      -- For the scheduled reconciliation, across tenants: GitHub integrations that are active.
      CREATE FUNCTION github_integrations_to_reconcile()
      RETURNS TABLE (organization_id uuid, integration_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT i.organization_id, i.id FROM integrations i
        WHERE i.platform = 'github' AND i.status <> 'disabled' AND i.configuration ? 'reconcile'
      $$;
      REVOKE ALL ON FUNCTION github_integrations_to_reconcile() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION github_integrations_to_reconcile() TO switchyard_app;

      -- For the Linear outbound sync, across tenants: organizations with a Linear integration.
      CREATE FUNCTION linear_integrations_to_sync()
      RETURNS TABLE (organization_id uuid, integration_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT i.organization_id, i.id FROM integrations i WHERE i.platform = 'linear' AND i.status <> 'disabled'
      $$;
      REVOKE ALL ON FUNCTION linear_integrations_to_sync() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION linear_integrations_to_sync() TO switchyard_app;

      -- Dedup keys older than the longest delivery retention are forgotten with their deliveries.
      CREATE FUNCTION webhook_delivery_keys_purge(p_older_than interval)
      RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
        WITH gone AS (DELETE FROM webhook_delivery_keys WHERE received_at < now() - p_older_than RETURNING 1)
        SELECT count(*)::integer FROM gone
      $$;
      REVOKE ALL ON FUNCTION webhook_delivery_keys_purge(interval) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION webhook_delivery_keys_purge(interval) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION IF EXISTS integration_webhook_target(uuid), github_integrations_to_reconcile(), linear_integrations_to_sync(), webhook_delivery_keys_purge(interval)`,
    );
    await q.query(`DROP TABLE IF EXISTS component_communications, components, external_mappings, webhook_deliveries, webhook_delivery_keys, integrations`);
  }
}
