import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['projects', 'repositories', 'project_repositories', 'branches', 'analysis_runs'];

/**
 * 2.2 Projects & Repositories: projects with a lifecycle, repositories linked to projects
 * (many-to-many), branch heads, and code-analysis runs.
 *
 * Same-tenant references are guaranteed by composite foreign keys on
 * (organization_id, <id>) against the UNIQUE (organization_id, id) of the referenced table:
 * a link can never point at another organization's project or repository. Other modules
 * reference a project the same way: FOREIGN KEY (organization_id, project_id) REFERENCES
 * projects (organization_id, id).
 */
export class ProjectsRepositories1732300000000 implements MigrationInterface {
  name = 'ProjectsRepositories1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        status text NOT NULL DEFAULT 'planning'
          CHECK (status IN ('planning', 'active', 'on_hold', 'completed', 'archived')),
        lead_id uuid,
        tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
        settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
        start_date date,
        target_date date,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT projects_org_id_key UNIQUE (organization_id, id),
        CONSTRAINT projects_organization_slug_key UNIQUE (organization_id, slug),
        CONSTRAINT projects_dates_check CHECK (target_date IS NULL OR start_date IS NULL OR target_date >= start_date),
        -- The lead is a member of the same organization; removing the member clears the lead.
        CONSTRAINT projects_lead_membership_fkey FOREIGN KEY (organization_id, lead_id)
          REFERENCES memberships (organization_id, user_id) ON DELETE SET NULL (lead_id)
      );
      CREATE INDEX projects_org_created_idx ON projects (organization_id, created_at, id);
      CREATE INDEX projects_org_updated_idx ON projects (organization_id, updated_at, id);
      CREATE INDEX projects_org_name_idx ON projects (organization_id, name, id);
      CREATE INDEX projects_org_status_idx ON projects (organization_id, status, created_at, id);
      CREATE INDEX projects_org_lead_idx ON projects (organization_id, lead_id) WHERE lead_id IS NOT NULL;
      CREATE INDEX projects_tags_idx ON projects USING gin (tags);

      CREATE TABLE repositories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'local')),
        owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        clone_url text NOT NULL CHECK (length(clone_url) BETWEEN 1 AND 2000),
        default_branch text NOT NULL DEFAULT 'main' CHECK (length(default_branch) BETWEEN 1 AND 255),
        visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'private', 'internal')),
        external_id text CHECK (length(external_id) <= 200),
        analysis_config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(analysis_config) = 'object'),
        last_analyzed_at timestamptz,
        -- When the analysis schedule (analysis_config.schedule) last queued a run.
        last_scheduled_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT repositories_org_id_key UNIQUE (organization_id, id)
      );
      -- Owner and repository names are case-insensitive on every provider.
      CREATE UNIQUE INDEX repositories_provider_owner_name_key ON repositories (organization_id, provider, lower(owner), lower(name));
      CREATE UNIQUE INDEX repositories_provider_external_id_key ON repositories (organization_id, provider, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX repositories_org_created_idx ON repositories (organization_id, created_at, id);
      CREATE INDEX repositories_org_name_idx ON repositories (organization_id, name, id);
      CREATE INDEX repositories_org_updated_idx ON repositories (organization_id, updated_at, id);
      CREATE INDEX repositories_scheduled_idx ON repositories ((analysis_config->>'schedule')) WHERE analysis_config ? 'schedule';

      CREATE TABLE project_repositories (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        repository_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, project_id, repository_id),
        CONSTRAINT project_repositories_project_fkey FOREIGN KEY (organization_id, project_id)
          REFERENCES projects (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT project_repositories_repository_fkey FOREIGN KEY (organization_id, repository_id)
          REFERENCES repositories (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX project_repositories_repository_idx ON project_repositories (organization_id, repository_id);

      CREATE TABLE branches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        repository_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        head_sha text CHECK (head_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'),
        protected boolean NOT NULL DEFAULT false,
        last_push_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT branches_repository_name_key UNIQUE (organization_id, repository_id, name),
        CONSTRAINT branches_repository_fkey FOREIGN KEY (organization_id, repository_id)
          REFERENCES repositories (organization_id, id) ON DELETE CASCADE
      );

      CREATE TABLE analysis_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        repository_id uuid NOT NULL,
        branch text NOT NULL CHECK (length(branch) BETWEEN 1 AND 255),
        requested_sha text CHECK (requested_sha ~ '^[0-9a-f]{7,64}$'),
        commit_sha text CHECK (commit_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'),
        type text NOT NULL DEFAULT 'full' CHECK (type IN ('full', 'metrics', 'coverage')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        -- The job_queue job that executes the run (no foreign key: finished jobs are purged).
        job_id uuid,
        analyzer text,
        error text,
        metrics jsonb,
        results jsonb,
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        duration_ms integer,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT analysis_runs_org_id_key UNIQUE (organization_id, id),
        CONSTRAINT analysis_runs_repository_fkey FOREIGN KEY (organization_id, repository_id)
          REFERENCES repositories (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX analysis_runs_repository_idx ON analysis_runs (organization_id, repository_id, queued_at DESC, id DESC);
      CREATE INDEX analysis_runs_trend_idx ON analysis_runs (organization_id, repository_id, branch, finished_at) WHERE status = 'completed';
      CREATE INDEX analysis_runs_unfinished_idx ON analysis_runs (queued_at) WHERE status IN ('queued', 'running');
    `);

    for (const table of ['projects', 'repositories', 'branches', 'analysis_runs']) {
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

    // For the scheduled reaper, across tenants: unfinished runs whose job can no longer finish
    // them (dead-lettered, gone), or that show running while their job waits for a retry
    // because the worker died.
    await q.query(`
      CREATE FUNCTION analysis_runs_needing_repair(p_grace interval, p_limit integer)
      RETURNS TABLE (organization_id uuid, run_id uuid, status text, job_state text, job_error text, job_attempts integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.organization_id, r.id, r.status, j.state, j.last_error, j.attempts
        FROM analysis_runs r LEFT JOIN job_queue j ON j.id = r.job_id
        WHERE r.status IN ('queued', 'running') AND coalesce(r.heartbeat_at, r.started_at, r.queued_at) < now() - p_grace
          AND (j.id IS NULL OR j.state IN ('dead', 'completed') OR (r.status = 'running' AND j.state = 'queued'))
        ORDER BY r.queued_at
        LIMIT p_limit
      $$;
      REVOKE ALL ON FUNCTION analysis_runs_needing_repair(interval, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analysis_runs_needing_repair(interval, integer) TO switchyard_app;

      -- For the analysis scheduler, across tenants: repositories with a schedule.
      CREATE FUNCTION repositories_with_analysis_schedule()
      RETURNS TABLE (organization_id uuid, repository_id uuid, schedule text, last_scheduled_at timestamptz, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.organization_id, r.id, r.analysis_config->>'schedule', r.last_scheduled_at, r.created_at
        FROM repositories r
        WHERE r.analysis_config ? 'schedule' AND jsonb_typeof(r.analysis_config->'schedule') = 'string'
      $$;
      REVOKE ALL ON FUNCTION repositories_with_analysis_schedule() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION repositories_with_analysis_schedule() TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS analysis_runs_needing_repair(interval, integer), repositories_with_analysis_schedule()`);
    await q.query(`DROP TABLE IF EXISTS analysis_runs, branches, project_repositories, repositories, projects`);
  }
}
