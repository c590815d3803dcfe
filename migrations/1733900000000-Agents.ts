import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['agents', 'agent_credentials', 'agent_runs', 'agent_provider_accounts'];

/**
 * 2.5 AI Agents: the registry of agents per organization, their sealed provider credentials, the
 * runs sent to a provider (Codegen first), and one row per provider account shared by every
 * replica: the sliding windows of the provider's rate limits, its Retry-After and the circuit
 * breaker. The organization's monthly budget and concurrency caps live in organizations.limits;
 * an agent's own caps live on the agent.
 *
 * Keys start with organization_id like every tenant table; runs point at their agent and task
 * with composite foreign keys, so nothing can point into another tenant.
 */
export class Agents1733900000000 implements MigrationInterface {
  name = 'Agents1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_-]{0,49}$'),
        provider text NOT NULL CHECK (provider IN ('codegen')),
        configuration jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(configuration) = 'object'),
        capabilities jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(capabilities) = 'object'),
        active boolean NOT NULL DEFAULT true,
        max_concurrent_runs integer NOT NULL DEFAULT 1 CHECK (max_concurrent_runs BETWEEN 1 AND 1000),
        monthly_budget_usd numeric(12, 4) CHECK (monthly_budget_usd >= 0),
        usage_stats jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(usage_stats) = 'object'),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX agents_name_key ON agents (organization_id, lower(name));
      CREATE INDEX agents_org_created_idx ON agents (organization_id, created_at, id);

      -- The provider token, sealed by SecretBox (v1:<key id>:...): never returned, rotatable.
      CREATE TABLE agent_credentials (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL,
        external_organization_id text NOT NULL CHECK (length(external_organization_id) BETWEEN 1 AND 100),
        sealed_token text NOT NULL,
        key_id text NOT NULL,
        rotated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_credentials_pkey PRIMARY KEY (organization_id, agent_id),
        CONSTRAINT agent_credentials_agent_fkey FOREIGN KEY (organization_id, agent_id)
          REFERENCES agents (organization_id, id) ON DELETE CASCADE
      );

      CREATE TABLE agent_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL,
        task_id uuid,
        template_version_id uuid,
        prompt text NOT NULL CHECK (length(prompt) BETWEEN 1 AND 100000),
        context jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
        source_type text NOT NULL DEFAULT 'api' CHECK (source_type IN ('api', 'handoff', 'ready_queue')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        external_run_id text,
        web_url text,
        result text,
        summary text,
        pull_requests jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(pull_requests) = 'array'),
        error text,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        polls integer NOT NULL DEFAULT 0 CHECK (polls >= 0),
        -- The worker's step: a job carrying another step is stale (cancelled, rescheduled) and does nothing.
        step integer NOT NULL DEFAULT 0,
        next_check_at timestamptz,
        submitted_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        timeout_at timestamptz,
        estimated_input_tokens integer NOT NULL DEFAULT 0 CHECK (estimated_input_tokens >= 0),
        estimated_output_tokens integer NOT NULL DEFAULT 0 CHECK (estimated_output_tokens >= 0),
        estimated_cost_usd numeric(12, 6) NOT NULL DEFAULT 0 CHECK (estimated_cost_usd >= 0),
        reported_tokens integer CHECK (reported_tokens >= 0),
        reported_cost_usd numeric(12, 6) CHECK (reported_cost_usd >= 0),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_runs_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT agent_runs_agent_fkey FOREIGN KEY (organization_id, agent_id)
          REFERENCES agents (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT agent_runs_task_fkey FOREIGN KEY (organization_id, task_id)
          REFERENCES tasks (organization_id, id) ON DELETE SET NULL (task_id)
      );
      CREATE INDEX agent_runs_agent_created_idx ON agent_runs (organization_id, agent_id, created_at, id);
      -- Spend of the month and analytics windows read by creation time.
      CREATE INDEX agent_runs_org_created_idx ON agent_runs (organization_id, created_at, id);
      -- Concurrency counts: the open runs of an organization (and its agents).
      CREATE INDEX agent_runs_open_idx ON agent_runs (organization_id, agent_id) WHERE status IN ('queued', 'running');
      CREATE INDEX agent_runs_task_idx ON agent_runs (organization_id, task_id) WHERE task_id IS NOT NULL;
      -- The sweeper's question: open runs whose next step is overdue (a job lost with a dead worker).
      CREATE INDEX agent_runs_due_idx ON agent_runs (next_check_at) WHERE status IN ('queued', 'running');

      -- One provider account (provider + its organization id) as every replica sees it: the grants
      -- of each rate-limit window (sliding log), the pause a 429 asked for, and the circuit breaker.
      CREATE TABLE agent_provider_accounts (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        account_key text NOT NULL CHECK (length(account_key) BETWEEN 1 AND 200),
        create_grants timestamptz[] NOT NULL DEFAULT '{}',
        read_grants timestamptz[] NOT NULL DEFAULT '{}',
        paused_until timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        circuit_open_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_provider_accounts_pkey PRIMARY KEY (organization_id, account_key)
      );
    `);

    for (const table of ['agents', 'agent_runs']) {
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

    // Across tenants, for the agent-runs-sweeper job only (the runtime role has no BYPASSRLS):
    // open runs whose next step is overdue by p_grace, i.e. whose job was lost with a worker.
    await q.query(`
      CREATE FUNCTION agent_runs_overdue(p_grace interval, p_limit integer)
      RETURNS TABLE (organization_id uuid, run_id uuid, step integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.organization_id, r.id, r.step FROM agent_runs r
        WHERE r.status IN ('queued', 'running') AND r.next_check_at < now() - p_grace
        ORDER BY r.next_check_at LIMIT p_limit
      $$;
      REVOKE ALL ON FUNCTION agent_runs_overdue(interval, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION agent_runs_overdue(interval, integer) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS agent_runs_overdue(interval, integer)`);
    await q.query(`DROP TABLE IF EXISTS agent_provider_accounts, agent_runs, agent_credentials, agents`);
  }
}
