import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, part 1: importing a file-based store (tasks.json).
 *
 * - `task_external_ids` (owned by the tasks module): the id a task has in another system, per
 *   project and source (`tasks.json`), so a second import of the same file finds the tasks it
 *   made and updates them instead of duplicating them. A task's mapping goes with the task
 *   (composite FK on (organization_id, project_id, task_id), ON DELETE CASCADE).
 * - `imports` (owned by the imports module): one row per import started over HTTP, run by a job;
 *   the uploaded document is kept in `source` until the job ends, then cleared.
 * - `import_organization_by_slug(slug)`: the CLI names the organization by slug before any
 *   tenant is known. It answers only the id (a slug's existence is no secret: sign-up answers
 *   409 for a taken one).
 */
export class TaskImports1734200000000 implements MigrationInterface {
  name = 'TaskImports1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_external_ids (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL,
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 64),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
        task_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_external_ids_pkey PRIMARY KEY (organization_id, project_id, source, external_id),
        CONSTRAINT task_external_ids_task_fkey FOREIGN KEY (organization_id, project_id, task_id)
          REFERENCES tasks (organization_id, project_id, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX task_external_ids_task_key ON task_external_ids (organization_id, task_id, source);

      CREATE TABLE imports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        dry_run boolean NOT NULL DEFAULT false,
        project_slug text,
        source jsonb,
        source_bytes integer NOT NULL CHECK (source_bytes >= 0),
        progress jsonb NOT NULL DEFAULT '{}',
        report jsonb,
        error jsonb,
        job_id uuid,
        created_by_type text NOT NULL CHECK (created_by_type IN ('user', 'api_key', 'integration', 'system')),
        created_by_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT imports_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX imports_org_created_idx ON imports (organization_id, created_at, id);
      CREATE TRIGGER imports_updated_at BEFORE UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    `);
    for (const table of ['task_external_ids', 'imports']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
          WITH CHECK (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid);
        GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO switchyard_app;
      `);
    }
    await q.query(`
      CREATE FUNCTION import_organization_by_slug(p_slug text) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT id FROM organizations WHERE slug = p_slug
      $$;
      REVOKE ALL ON FUNCTION import_organization_by_slug(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION import_organization_by_slug(text) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS import_organization_by_slug(text);
      DROP TABLE IF EXISTS imports;
      DROP TABLE IF EXISTS task_external_ids;
    `);
  }
}
