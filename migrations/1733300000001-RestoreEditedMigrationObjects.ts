import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fix forward for two migrations that were edited after databases had been migrated with them
 * (ProjectsRepositories gained the analysis schedule; TaskManagement gained full-text search, the
 * statistics function and two re-shaped keys). A database migrated before those edits lacks what
 * they added; this brings it to what the landed files create. Every step is idempotent, so a
 * database migrated from the landed files is left as it is.
 */
export class RestoreEditedMigrationObjects1733300000001 implements MigrationInterface {
  name = 'RestoreEditedMigrationObjects1733300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE repositories ADD COLUMN IF NOT EXISTS last_scheduled_at timestamptz;
      CREATE INDEX IF NOT EXISTS repositories_scheduled_idx ON repositories ((analysis_config->>'schedule')) WHERE analysis_config ? 'schedule';
      CREATE OR REPLACE FUNCTION repositories_with_analysis_schedule()
      RETURNS TABLE (organization_id uuid, repository_id uuid, schedule text, last_scheduled_at timestamptz, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.organization_id, r.id, r.analysis_config->>'schedule', r.last_scheduled_at, r.created_at
        FROM repositories r
        WHERE r.analysis_config ? 'schedule' AND jsonb_typeof(r.analysis_config->'schedule') = 'string'
      $$;
      REVOKE ALL ON FUNCTION repositories_with_analysis_schedule() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION repositories_with_analysis_schedule() TO switchyard_app;
    `);

    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    // Re-shaped keys: recreated only where the database still has the earlier shape.
    await q.query(`
      DO $$
      BEGIN
        IF pg_get_indexdef('tasks_search_idx'::regclass) NOT LIKE '%(organization_id, search)%' THEN
          DROP INDEX tasks_search_idx;
          CREATE INDEX tasks_search_idx ON tasks USING gin (organization_id, search);
        END IF;
        IF pg_get_indexdef('tasks_parent_idx'::regclass) NOT LIKE '%(organization_id, parent_id, project_id)' THEN
          DROP INDEX tasks_parent_idx;
          CREATE INDEX tasks_parent_idx ON tasks (organization_id, parent_id, project_id);
        END IF;
        IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'tasks_project_number_key' AND conrelid = 'tasks'::regclass)
           <> 'UNIQUE (number, project_id, organization_id)' THEN
          ALTER TABLE tasks DROP CONSTRAINT tasks_project_number_key;
          ALTER TABLE tasks ADD CONSTRAINT tasks_project_number_key UNIQUE (number, project_id, organization_id);
        END IF;
      END $$;
    `);

    await q.query(`
      CREATE OR REPLACE FUNCTION task_search(p_query text) RETURNS TABLE (task_id uuid, rank double precision)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 500 AS $$
        SELECT t.id, ts_rank_cd(t.search, q)::double precision
        FROM tasks t CROSS JOIN websearch_to_tsquery('english', p_query) q
        WHERE t.organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid
          AND t.search @@ q
      $$;
      REVOKE ALL ON FUNCTION task_search(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION task_search(text) TO switchyard_app;

      CREATE OR REPLACE FUNCTION refresh_task_statistics() RETURNS TABLE (table_name text, pages bigint)
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

  async down(): Promise<void> {
    // Nothing to undo: this only restores what earlier migrations create.
  }
}
