import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['workflows', 'workflow_phases', 'task_counters', 'tasks', 'task_relations', 'task_history'];

/**
 * 2.3 Task Management: workflows and their phases, tasks (an adjacency-list hierarchy walked with
 * bounded recursive CTEs, see src/modules/tasks/README.md for the measurements), relations
 * between tasks and the per-field history.
 *
 * Every key starts with organization_id (Citus-ready) and every reference is a composite foreign
 * key on it, so nothing can point into another tenant. A parent must be in the same project
 * (FK on (organization_id, project_id, parent_id)), a workflow in the task's project.
 * `blocked_by` is never stored: it is the `blocks` row read from the other end, and one unique
 * index over the unordered pair forbids A–B twice in either direction.
 */
export class TaskManagement1733000000000 implements MigrationInterface {
  name = 'TaskManagement1733000000000';

  async up(q: QueryRunner): Promise<void> {
    // A GIN index led by organization_id: a tenant's full-text search reads only its own entries.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`
      CREATE TABLE workflows (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workflows_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT workflows_org_project_id_key UNIQUE (organization_id, project_id, id),
        CONSTRAINT workflows_project_fkey FOREIGN KEY (organization_id, project_id)
          REFERENCES projects (organization_id, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX workflows_project_name_key ON workflows (organization_id, project_id, lower(name));
      CREATE INDEX workflows_org_created_idx ON workflows (organization_id, created_at, id);

      CREATE TABLE workflow_phases (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        workflow_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        position integer NOT NULL CHECK (position >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workflow_phases_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT workflow_phases_workflow_fkey FOREIGN KEY (organization_id, workflow_id)
          REFERENCES workflows (organization_id, id) ON DELETE CASCADE,
        -- Deferred so a reorder can swap positions inside one transaction.
        CONSTRAINT workflow_phases_position_key UNIQUE (organization_id, workflow_id, position) DEFERRABLE INITIALLY DEFERRED
      );

      -- The last task number handed out per project; its row lock orders concurrent creates.
      CREATE TABLE task_counters (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        last_number integer NOT NULL CHECK (last_number >= 0),
        CONSTRAINT task_counters_pkey PRIMARY KEY (organization_id, project_id),
        CONSTRAINT task_counters_project_fkey FOREIGN KEY (organization_id, project_id)
          REFERENCES projects (organization_id, id) ON DELETE CASCADE
      );

      CREATE TABLE tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        -- Sequential per project (PAY-42 with the project's task key prefix), from task_counters.
        number integer NOT NULL CHECK (number > 0),
        parent_id uuid,
        workflow_id uuid,
        phase_id uuid,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
        type text NOT NULL DEFAULT 'task' CHECK (type IN ('epic', 'story', 'task', 'bug', 'subtask')),
        status text NOT NULL DEFAULT 'backlog'
          CHECK (status IN ('backlog', 'todo', 'in_progress', 'in_review', 'blocked', 'done', 'cancelled')),
        priority text NOT NULL DEFAULT 'none' CHECK (priority IN ('urgent', 'high', 'medium', 'low', 'none')),
        priority_rank smallint NOT NULL GENERATED ALWAYS AS (
          CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END) STORED,
        assignee_type text CHECK (assignee_type IN ('user', 'agent')),
        assignee_id uuid,
        reporter_type text CHECK (reporter_type IN ('user', 'api_key', 'agent', 'integration', 'system')),
        reporter_id uuid,
        labels text[] NOT NULL DEFAULT '{}' CHECK (cardinality(labels) <= 50),
        -- In the project's estimation unit (points, hours or days: projects.settings.estimationUnit).
        estimate double precision CHECK (estimate >= 0 AND estimate <= 1000000),
        actual_minutes integer CHECK (actual_minutes >= 0),
        due_date date,
        started_at timestamptz,
        completed_at timestamptz,
        retry_count integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
        max_retries integer NOT NULL DEFAULT 0 CHECK (max_retries BETWEEN 0 AND 100),
        metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
        search tsvector NOT NULL GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')) STORED,
        deleted_at timestamptz,
        -- Every task soft-deleted by one DELETE (a task and its subtree) shares it; restore uses it.
        deletion_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tasks_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT tasks_org_project_id_key UNIQUE (organization_id, project_id, id),
        -- number first: a key led by (organization_id, project_id) would tie, for a planner without
        -- statistics, with the key the parent foreign key checks use, and could be picked for them.
        CONSTRAINT tasks_project_number_key UNIQUE (number, project_id, organization_id),
        CONSTRAINT tasks_project_fkey FOREIGN KEY (organization_id, project_id)
          REFERENCES projects (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT tasks_parent_fkey FOREIGN KEY (organization_id, project_id, parent_id)
          REFERENCES tasks (organization_id, project_id, id) ON DELETE CASCADE,
        CONSTRAINT tasks_workflow_fkey FOREIGN KEY (organization_id, project_id, workflow_id)
          REFERENCES workflows (organization_id, project_id, id) ON DELETE SET NULL (workflow_id),
        CONSTRAINT tasks_phase_fkey FOREIGN KEY (organization_id, phase_id)
          REFERENCES workflow_phases (organization_id, id) ON DELETE SET NULL (phase_id),
        CONSTRAINT tasks_assignee_check CHECK ((assignee_type IS NULL) = (assignee_id IS NULL)),
        CONSTRAINT tasks_parent_check CHECK (parent_id <> id),
        CONSTRAINT tasks_deleted_check CHECK ((deleted_at IS NULL) = (deletion_id IS NULL))
      );
      -- Children of a node: the step of every recursive walk (organization_id, parent_id) and the
      -- lookup of the parent key's ON DELETE CASCADE (all three columns). Not partial, so that no
      -- other index ties with it for a planner without statistics (see the README).
      CREATE INDEX tasks_parent_idx ON tasks (organization_id, parent_id, project_id);
      CREATE INDEX tasks_org_created_idx ON tasks (organization_id, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX tasks_org_updated_idx ON tasks (organization_id, updated_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX tasks_org_priority_idx ON tasks (organization_id, priority_rank, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX tasks_project_created_idx ON tasks (organization_id, project_id, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX tasks_org_due_idx ON tasks (organization_id, due_date, id) WHERE deleted_at IS NULL AND due_date IS NOT NULL;
      CREATE INDEX tasks_assignee_idx ON tasks (organization_id, assignee_id, created_at) WHERE assignee_id IS NOT NULL;
      CREATE INDEX tasks_reporter_idx ON tasks (organization_id, reporter_id) WHERE reporter_id IS NOT NULL;
      CREATE INDEX tasks_workflow_idx ON tasks (organization_id, workflow_id, phase_id) WHERE workflow_id IS NOT NULL;
      CREATE INDEX tasks_phase_idx ON tasks (organization_id, phase_id) WHERE phase_id IS NOT NULL;
      CREATE INDEX tasks_deletion_idx ON tasks (organization_id, deletion_id) WHERE deletion_id IS NOT NULL;
      -- The ready queue: open, not started, in queue order.
      CREATE INDEX tasks_ready_idx ON tasks (organization_id, priority_rank, created_at, id)
        WHERE deleted_at IS NULL AND status IN ('backlog', 'todo');
      CREATE INDEX tasks_labels_idx ON tasks USING gin (labels);
      CREATE INDEX tasks_search_idx ON tasks USING gin (organization_id, search);

      CREATE TABLE task_relations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('blocks', 'relates_to', 'duplicates')),
        source_id uuid NOT NULL,
        target_id uuid NOT NULL,
        created_by_type text NOT NULL CHECK (created_by_type IN ('user', 'api_key', 'integration', 'system')),
        created_by_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_relations_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT task_relations_source_fkey FOREIGN KEY (organization_id, source_id)
          REFERENCES tasks (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT task_relations_target_fkey FOREIGN KEY (organization_id, target_id)
          REFERENCES tasks (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT task_relations_self_check CHECK (source_id <> target_id)
      );
      CREATE UNIQUE INDEX task_relations_pair_key
        ON task_relations (organization_id, type, least(source_id, target_id), greatest(source_id, target_id));
      CREATE INDEX task_relations_source_idx ON task_relations (organization_id, source_id, type, target_id);
      CREATE INDEX task_relations_target_idx ON task_relations (organization_id, target_id, type, source_id);

      CREATE TABLE task_history (
        id bigint GENERATED ALWAYS AS IDENTITY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        task_id uuid NOT NULL,
        field text NOT NULL,
        old_value jsonb,
        new_value jsonb,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'integration', 'system')),
        actor_id uuid,
        request_id text,
        changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_history_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT task_history_task_fkey FOREIGN KEY (organization_id, task_id)
          REFERENCES tasks (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX task_history_task_idx ON task_history (organization_id, task_id, id);
    `);

    for (const table of ['workflows', 'workflow_phases', 'tasks']) {
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
    // History is append-only for the service (it goes with its task through ON DELETE CASCADE).
    await q.query(`REVOKE UPDATE, DELETE ON task_history FROM switchyard_app`);

    // Full-text search of the current tenant's tasks. Row-level security lets the planner use an
    // index only for leakproof operators, and tsvector @@ tsquery is not one: under RLS every
    // search would read all of the tenant's rows. This function runs as the owner, so the GIN
    // index on (organization_id, search) answers it, and it filters on exactly the tenant the
    // policies use (no tenant set: no rows).
    await q.query(`
      CREATE FUNCTION task_search(p_query text) RETURNS TABLE (task_id uuid, rank double precision)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 500 AS $$
        SELECT t.id, ts_rank_cd(t.search, q)::double precision
        FROM tasks t CROSS JOIN websearch_to_tsquery('english', p_query) q
        WHERE t.organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid
          AND t.search @@ q
      $$;
      REVOKE ALL ON FUNCTION task_search(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION task_search(text) TO switchyard_app;
    `);

    // Planner statistics for the task tables when nothing else keeps them (PGlite has no
    // autovacuum worker; a server may run with autovacuum off). Without them PostgreSQL keeps
    // plans made when a table was tiny, e.g. sequential scans for every foreign-key check.
    // Analyzes a table never analyzed, or whose size moved by a fifth, or with many changes.
    await q.query(`
      CREATE FUNCTION refresh_task_statistics() RETURNS TABLE (table_name text, pages bigint)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE r record;
      BEGIN
        FOR r IN
          SELECT c.relname::text AS name, c.relpages::bigint AS analyzed_pages, c.reltuples,
                 (pg_relation_size(c.oid) / current_setting('block_size')::int)::bigint AS current_pages,
                 coalesce(s.n_mod_since_analyze, 0) AS changes
          FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
          WHERE c.relnamespace = 'public'::regnamespace
            AND c.relname IN ('tasks', 'task_relations', 'task_history', 'task_counters', 'workflows', 'workflow_phases')
          ORDER BY c.relname
        LOOP
          IF r.reltuples < 0 OR r.current_pages > r.analyzed_pages * 1.2 + 8 OR r.current_pages * 1.2 + 8 < r.analyzed_pages
             OR r.changes > greatest(1000, r.reltuples * 0.1) THEN
            EXECUTE format('ANALYZE %I', r.name);
            table_name := r.name;
            pages := r.current_pages;
            RETURN NEXT;
          END IF;
        END LOOP;
      END $$;
      REVOKE ALL ON FUNCTION refresh_task_statistics() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION refresh_task_statistics() TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS refresh_task_statistics(); DROP FUNCTION IF EXISTS task_search(text)`);
    await q.query(`DROP TABLE IF EXISTS task_history, task_relations, tasks, task_counters, workflow_phases, workflows`);
  }
}
