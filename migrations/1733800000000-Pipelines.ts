import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'pipeline_definitions',
  'pipeline_definition_versions',
  'pipeline_runners',
  'pipeline_executions',
  'pipeline_step_executions',
  'pipeline_step_queue',
  'pipeline_step_logs',
  'pipeline_artifacts',
  'pipeline_execution_tasks',
  'pipeline_external_runs',
  'pipeline_concurrency_groups',
];

const TENANT = `nullif(current_setting('app.current_org_id', true), '')::uuid`;

/**
 * 2.4 CI/CD Pipelines (src/modules/pipelines/README.md).
 *
 * Definitions are versioned: `pipeline_definitions` holds the current head, every edit adds a row
 * to `pipeline_definition_versions` (the spec as JSON), and an execution keeps the version it ran.
 * Executions, their steps and the step logs are partitioned by month (the execution's creation
 * time, so an execution and all its steps share one partition) and registered with
 * partition_register (migration PartitionsAndEvents): partitions ahead and retention are the
 * platform's partition-maintenance job's. Nothing holds a foreign key INTO a partitioned table
 * (a dropped partition must never be blocked by, or cascade surprisingly into, another table);
 * rows that point at executions carry the execution's created_at and go with their own expiry.
 *
 * The claimable work lives apart, in the small `pipeline_step_queue` (one row per queued step,
 * deleted at claim), so a claim is an index-ordered `FOR UPDATE SKIP LOCKED` over queued rows
 * only, never a scan of the history. An insert into it notifies `pipeline_steps` (payload: the
 * organization) so long-polling runners wake at once.
 */
export class Pipelines1733800000000 implements MigrationInterface {
  name = 'Pipelines1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pipeline_definitions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        repository_id uuid,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
        is_deployment boolean NOT NULL DEFAULT false,
        -- The schedule triggers of the current version (cron, UTC), for the scheduler's scan.
        schedules text[] NOT NULL DEFAULT '{}',
        last_scheduled_at timestamptz,
        archived_at timestamptz,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_definitions_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT pipeline_definitions_project_fkey FOREIGN KEY (organization_id, project_id)
          REFERENCES projects (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT pipeline_definitions_repository_fkey FOREIGN KEY (organization_id, repository_id)
          REFERENCES repositories (organization_id, id) ON DELETE SET NULL (repository_id)
      );
      CREATE UNIQUE INDEX pipeline_definitions_project_name_key ON pipeline_definitions (organization_id, project_id, lower(name));
      CREATE INDEX pipeline_definitions_org_created_idx ON pipeline_definitions (organization_id, created_at, id);
      CREATE INDEX pipeline_definitions_repository_idx ON pipeline_definitions (organization_id, repository_id) WHERE repository_id IS NOT NULL;
      CREATE INDEX pipeline_definitions_scheduled_idx ON pipeline_definitions (organization_id) WHERE cardinality(schedules) > 0 AND archived_at IS NULL;

      CREATE TABLE pipeline_definition_versions (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        definition_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        spec jsonb NOT NULL CHECK (jsonb_typeof(spec) = 'object'),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_definition_versions_pkey PRIMARY KEY (organization_id, definition_id, version),
        CONSTRAINT pipeline_definition_versions_definition_fkey FOREIGN KEY (organization_id, definition_id)
          REFERENCES pipeline_definitions (organization_id, id) ON DELETE CASCADE
      );

      CREATE TABLE pipeline_runners (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        labels text[] NOT NULL DEFAULT '{}' CHECK (cardinality(labels) <= 50),
        -- SHA-256 of the token's secret; the token itself is shown once.
        token_hash bytea NOT NULL,
        disabled_at timestamptz,
        last_seen_at timestamptz,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_runners_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX pipeline_runners_id_key ON pipeline_runners (id);
      CREATE INDEX pipeline_runners_org_created_idx ON pipeline_runners (organization_id, created_at, id);

      CREATE TABLE pipeline_executions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        definition_id uuid NOT NULL,
        definition_version integer NOT NULL,
        project_id uuid NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('manual', 'push', 'pull_request', 'schedule', 'external')),
        actor_type text CHECK (actor_type IN ('user', 'api_key', 'integration', 'system')),
        actor_id uuid,
        event jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(event) = 'object'),
        commit_sha text CHECK (length(commit_sha) <= 64),
        branch text CHECK (length(branch) <= 255),
        inputs jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(inputs) = 'object'),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
        concurrency_group text CHECK (length(concurrency_group) <= 400),
        -- Set when the concurrency group let the execution start; null while it waits for a slot.
        admitted_at timestamptz,
        priority smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN -100 AND 100),
        is_deployment boolean NOT NULL DEFAULT false,
        -- Re-runs of failed steps: 1 for the first run.
        run_attempt integer NOT NULL DEFAULT 1 CHECK (run_attempt >= 1),
        timeout_seconds integer NOT NULL CHECK (timeout_seconds > 0),
        deadline_at timestamptz,
        reason text CHECK (length(reason) <= 2000),
        external_url text CHECK (length(external_url) <= 2000),
        template_version_id uuid,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_executions_pkey PRIMARY KEY (organization_id, id, created_at)
      ) PARTITION BY RANGE (created_at);
      CREATE INDEX pipeline_executions_definition_idx ON pipeline_executions (organization_id, definition_id, created_at, id);
      CREATE INDEX pipeline_executions_org_created_idx ON pipeline_executions (organization_id, created_at, id);
      CREATE INDEX pipeline_executions_group_idx ON pipeline_executions (organization_id, concurrency_group, created_at)
        WHERE status IN ('queued', 'running') AND concurrency_group IS NOT NULL;
      CREATE INDEX pipeline_executions_deadline_idx ON pipeline_executions (deadline_at) WHERE status IN ('queued', 'running');

      CREATE TABLE pipeline_step_executions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        execution_id uuid NOT NULL,
        -- The partition key: the execution's created_at, so an execution's steps share its partition.
        execution_created_at timestamptz NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        stage text CHECK (length(stage) <= 100),
        position integer NOT NULL CHECK (position >= 0),
        needs text[] NOT NULL DEFAULT '{}',
        labels text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'skipped')),
        attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
        max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts BETWEEN 1 AND 10),
        retry_exit_codes integer[] NOT NULL DEFAULT '{}',
        timeout_seconds integer NOT NULL CHECK (timeout_seconds > 0),
        spec jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(spec) = 'object'),
        runner_id uuid,
        lease_expires_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        exit_code integer,
        log_chunks integer NOT NULL DEFAULT 0 CHECK (log_chunks >= 0),
        log_bytes bigint NOT NULL DEFAULT 0 CHECK (log_bytes >= 0),
        external_id text CHECK (length(external_id) <= 200),
        queued_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_step_executions_pkey PRIMARY KEY (organization_id, id, execution_created_at)
      ) PARTITION BY RANGE (execution_created_at);
      CREATE INDEX pipeline_step_executions_execution_idx ON pipeline_step_executions (organization_id, execution_id, position);
      CREATE INDEX pipeline_step_executions_lease_idx ON pipeline_step_executions (lease_expires_at) WHERE status = 'running';

      -- Queued steps only (deleted at claim): the claim reads this, in (priority, age) order.
      CREATE TABLE pipeline_step_queue (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        step_id uuid NOT NULL,
        execution_id uuid NOT NULL,
        execution_created_at timestamptz NOT NULL,
        labels text[] NOT NULL DEFAULT '{}',
        priority smallint NOT NULL DEFAULT 0,
        queued_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_step_queue_pkey PRIMARY KEY (organization_id, step_id)
      );
      CREATE INDEX pipeline_step_queue_order_idx ON pipeline_step_queue (organization_id, priority DESC, queued_at, step_id);

      CREATE TABLE pipeline_step_logs (
        organization_id uuid NOT NULL,
        step_id uuid NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        seq integer NOT NULL CHECK (seq >= 0),
        content text NOT NULL,
        bytes integer NOT NULL CHECK (bytes >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_step_logs_pkey PRIMARY KEY (organization_id, step_id, attempt, seq, created_at)
      ) PARTITION BY RANGE (created_at);

      CREATE TABLE pipeline_artifacts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        execution_id uuid NOT NULL,
        step_id uuid,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        checksum text CHECK (length(checksum) <= 200),
        storage_uri text NOT NULL CHECK (length(storage_uri) <= 2000),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_artifacts_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX pipeline_artifacts_execution_idx ON pipeline_artifacts (organization_id, execution_id, created_at);
      CREATE INDEX pipeline_artifacts_expiry_idx ON pipeline_artifacts (expires_at);

      CREATE TABLE pipeline_execution_tasks (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        execution_id uuid NOT NULL,
        execution_created_at timestamptz NOT NULL,
        task_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_execution_tasks_pkey PRIMARY KEY (organization_id, execution_id, task_id),
        CONSTRAINT pipeline_execution_tasks_task_fkey FOREIGN KEY (organization_id, task_id)
          REFERENCES tasks (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX pipeline_execution_tasks_task_idx ON pipeline_execution_tasks (organization_id, task_id, execution_created_at);

      -- Runs mirrored from another CI (GitHub Actions workflow_run): one execution per external id.
      CREATE TABLE pipeline_external_runs (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('github')),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
        execution_id uuid NOT NULL,
        execution_created_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_external_runs_pkey PRIMARY KEY (organization_id, provider, external_id)
      );

      -- One row per concurrency group ever used: its row lock orders admissions.
      CREATE TABLE pipeline_concurrency_groups (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        group_key text NOT NULL CHECK (length(group_key) BETWEEN 1 AND 400),
        -- The limit of the group's latest starter's spec: what a release admits up to.
        max_running integer NOT NULL DEFAULT 1 CHECK (max_running BETWEEN 1 AND 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pipeline_concurrency_groups_pkey PRIMARY KEY (organization_id, group_key)
      );
    `);

    await q.query(`
      CREATE TRIGGER pipeline_definitions_updated_at BEFORE UPDATE ON pipeline_definitions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
      CREATE TRIGGER pipeline_runners_updated_at BEFORE UPDATE ON pipeline_runners FOR EACH ROW EXECUTE FUNCTION set_updated_at();
      CREATE TRIGGER pipeline_executions_updated_at BEFORE UPDATE ON pipeline_executions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
      CREATE TRIGGER pipeline_step_executions_updated_at BEFORE UPDATE ON pipeline_step_executions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

      CREATE FUNCTION pipeline_step_queue_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
      BEGIN
        PERFORM pg_notify('pipeline_steps', NEW.organization_id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER pipeline_step_queue_notify AFTER INSERT ON pipeline_step_queue
        FOR EACH ROW EXECUTE FUNCTION pipeline_step_queue_notify();
    `);

    for (const table of TENANT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT});
      `);
    }
    // Definition versions and log chunks are append-only for the service.
    await q.query(`REVOKE UPDATE ON pipeline_definition_versions, pipeline_step_logs FROM switchyard_app`);

    // Monthly partitions (migration PartitionsAndEvents): 3 months ahead, kept per organization
    // (organizations.settings.retentionDays.pipelines, default a year; step logs: pipelineLogs, 90 days).
    await q.query(`
      SELECT partition_register('pipeline_executions', 'created_at', 'month', 3, 'pipelines', 365);
      SELECT partition_register('pipeline_step_executions', 'execution_created_at', 'month', 3, 'pipelines', 365);
      SELECT partition_register('pipeline_step_logs', 'created_at', 'month', 3, 'pipelineLogs', 90);
    `);

    // Runner authentication before any tenant is known: checks the token of one runner, marks it
    // seen, and scopes the transaction to its organization (like auth_enter for people and keys).
    await q.query(`
      CREATE FUNCTION pipeline_runner_enter(p_runner uuid, p_hash bytea)
      RETURNS TABLE (organization_id uuid, labels text[])
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE r record;
      BEGIN
        UPDATE pipeline_runners x SET last_seen_at = now()
          WHERE x.id = p_runner AND x.token_hash = p_hash AND x.disabled_at IS NULL
            AND (x.last_seen_at IS NULL OR x.last_seen_at < now() - interval '5 seconds')
          RETURNING x.organization_id, x.labels INTO r;
        IF r IS NULL THEN
          SELECT x.organization_id, x.labels INTO r FROM pipeline_runners x
            WHERE x.id = p_runner AND x.token_hash = p_hash AND x.disabled_at IS NULL;
        END IF;
        IF r IS NULL THEN RETURN; END IF;
        PERFORM set_config('app.current_org_id', r.organization_id::text, true);
        organization_id := r.organization_id;
        labels := r.labels;
        RETURN NEXT;
      END $$;

      -- Maintenance scans across tenants (answer ids only; the work is done per tenant).
      CREATE FUNCTION pipeline_expired_leases(p_limit integer)
      RETURNS TABLE (organization_id uuid, step_id uuid, execution_created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT s.organization_id, s.id, s.execution_created_at FROM pipeline_step_executions s
        WHERE s.status = 'running' AND s.lease_expires_at < now()
        ORDER BY s.lease_expires_at LIMIT p_limit
      $$;
      CREATE FUNCTION pipeline_overdue_executions(p_limit integer)
      RETURNS TABLE (organization_id uuid, execution_id uuid, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT e.organization_id, e.id, e.created_at FROM pipeline_executions e
        WHERE e.status IN ('queued', 'running') AND e.deadline_at < now()
        ORDER BY e.deadline_at LIMIT p_limit
      $$;
      CREATE FUNCTION pipeline_scheduled_definitions()
      RETURNS TABLE (organization_id uuid, definition_id uuid, schedules text[], last_scheduled_at timestamptz, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT d.organization_id, d.id, d.schedules, d.last_scheduled_at, d.created_at FROM pipeline_definitions d
        WHERE cardinality(d.schedules) > 0 AND d.archived_at IS NULL
      $$;
      CREATE FUNCTION pipeline_expire_artifacts(p_limit integer) RETURNS bigint
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE n bigint;
      BEGIN
        DELETE FROM pipeline_artifacts a WHERE (a.organization_id, a.id) IN (
          SELECT x.organization_id, x.id FROM pipeline_artifacts x WHERE x.expires_at < now() ORDER BY x.expires_at LIMIT p_limit);
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$;
    `);
    for (const fn of [
      'pipeline_runner_enter(uuid, bytea)',
      'pipeline_expired_leases(integer)',
      'pipeline_overdue_executions(integer)',
      'pipeline_scheduled_definitions()',
      'pipeline_expire_artifacts(integer)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC; GRANT EXECUTE ON FUNCTION ${fn} TO switchyard_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM partitioned_tables WHERE table_name IN ('pipeline_executions', 'pipeline_step_executions', 'pipeline_step_logs');
      DROP FUNCTION IF EXISTS pipeline_expire_artifacts(integer), pipeline_scheduled_definitions(), pipeline_overdue_executions(integer),
        pipeline_expired_leases(integer), pipeline_runner_enter(uuid, bytea);
      DROP TABLE IF EXISTS pipeline_concurrency_groups, pipeline_external_runs, pipeline_execution_tasks, pipeline_artifacts,
        pipeline_step_logs, pipeline_step_queue, pipeline_step_executions, pipeline_executions, pipeline_runners,
        pipeline_definition_versions, pipeline_definitions;
      DROP FUNCTION IF EXISTS pipeline_step_queue_notify();
    `);
  }
}
