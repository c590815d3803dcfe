import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'metrics',
  'metric_series',
  'knowledge_articles',
  'anomaly_rules',
  'anomalies',
  'alerts',
  'learned_patterns',
  'recommendations',
  'optimization_runs',
  'learning_models',
  'templates',
  'template_versions',
];

const TENANT = `nullif(current_setting('app.current_org_id', true), '')::uuid`;

/** The knowledge base's weighted document (title A, content B): the GIN index and knowledge_search() use the same expression. */
export const KNOWLEDGE_DOCUMENT = `(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', content), 'B'))`;

/**
 * 2.7 Analytics & Learning (src/modules/analytics/README.md): metric series partitioned by time,
 * the daily task roll-up (a materialized view read through a tenant-bound function), anomaly
 * rules / anomalies / alerts, the knowledge base (full-text + pg_trgm), learned patterns and
 * recommendations, optimisation runs, learning models, templates and their versions.
 *
 * Every key starts with organization_id (Citus-ready); every reference is a composite foreign key
 * on it. The analytics module reads other modules' tables only through SQL functions or
 * materialized views and never writes into them.
 */
export class Analytics1734100000000 implements MigrationInterface {
  name = 'Analytics1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      -- One row per point. The key is the series (name + md5 of the canonical jsonb tags) and the
      -- time: a point sent twice is stored once (ingestion is idempotent), and a query for one
      -- series in a window is one range of the key inside the pruned partitions.
      CREATE TABLE metrics (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        series text NOT NULL,
        recorded_at timestamptz NOT NULL,
        value double precision NOT NULL,
        unit text NOT NULL DEFAULT '',
        tags jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT metrics_pkey PRIMARY KEY (organization_id, name, series, recorded_at)
      ) PARTITION BY RANGE (recorded_at);

      -- Every series (name + tags) an organization has sent, written by the same ingestion
      -- statement: a query by tags finds its series here (GIN), then reads each series' key range
      -- in the points, instead of filtering every point of the name on its tags.
      CREATE TABLE metric_series (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        series text NOT NULL,
        tags jsonb NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT metric_series_pkey PRIMARY KEY (organization_id, name, series)
      );
      CREATE INDEX metric_series_tags_idx ON metric_series USING gin (tags);

      CREATE TABLE knowledge_articles (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        content text NOT NULL DEFAULT '' CHECK (length(content) <= 200000),
        tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
        -- Links to the tenant's projects and tasks (checked on write; a deleted target simply stops matching).
        project_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(project_ids) <= 100),
        task_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(task_ids) <= 100),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT knowledge_articles_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX knowledge_articles_org_created_idx ON knowledge_articles (organization_id, created_at, id);
      CREATE INDEX knowledge_articles_search_idx ON knowledge_articles USING gin (organization_id, ${KNOWLEDGE_DOCUMENT});
      CREATE INDEX knowledge_articles_title_trgm_idx ON knowledge_articles USING gin (title gin_trgm_ops);
      CREATE INDEX knowledge_articles_tags_idx ON knowledge_articles USING gin (tags);
      CREATE INDEX knowledge_articles_tasks_idx ON knowledge_articles USING gin (task_ids);
      CREATE INDEX knowledge_articles_projects_idx ON knowledge_articles USING gin (project_ids);

      CREATE TABLE anomaly_rules (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        metric_name text NOT NULL CHECK (length(metric_name) BETWEEN 1 AND 200),
        tags jsonb NOT NULL DEFAULT '{}',
        kind text NOT NULL CHECK (kind IN ('seasonal', 'threshold', 'percent_change')),
        -- seasonal: robust z-score (|x − median| / (1.4826·MAD)) above which a point is anomalous.
        sensitivity double precision NOT NULL DEFAULT 3.5 CHECK (sensitivity > 0 AND sensitivity <= 100),
        threshold double precision,
        percent double precision CHECK (percent > 0),
        direction text NOT NULL DEFAULT 'both' CHECK (direction IN ('above', 'below', 'both')),
        window_minutes integer NOT NULL DEFAULT 60 CHECK (window_minutes BETWEEN 1 AND 10080),
        severity text NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
        enabled boolean NOT NULL DEFAULT true,
        -- The minute of the hour this rule is evaluated in (hash of its series): staggered evaluation.
        slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 59),
        last_evaluated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT anomaly_rules_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT anomaly_rules_threshold_required_check CHECK (kind <> 'threshold' OR threshold IS NOT NULL),
        CONSTRAINT anomaly_rules_percent_required_check CHECK (kind <> 'percent_change' OR percent IS NOT NULL)
      );
      CREATE INDEX anomaly_rules_org_created_idx ON anomaly_rules (organization_id, created_at, id);
      CREATE INDEX anomaly_rules_slot_idx ON anomaly_rules (slot) WHERE enabled;

      CREATE TABLE anomalies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        rule_id uuid NOT NULL,
        metric_name text NOT NULL,
        tags jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        observed double precision NOT NULL,
        expected double precision,
        score double precision,
        evidence jsonb NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT anomalies_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT anomalies_rule_fkey FOREIGN KEY (organization_id, rule_id) REFERENCES anomaly_rules (organization_id, id) ON DELETE CASCADE
      );
      -- At most one open anomaly per rule: while it lasts, new breaches extend it (no new alert).
      CREATE UNIQUE INDEX anomalies_open_key ON anomalies (organization_id, rule_id) WHERE status = 'open';
      CREATE INDEX anomalies_org_started_idx ON anomalies (organization_id, started_at, id);

      CREATE TABLE alerts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        anomaly_id uuid NOT NULL,
        rule_id uuid NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
        acknowledged_by uuid,
        acknowledged_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_pkey PRIMARY KEY (organization_id, id),
        -- Deduplication: one alert per anomaly, however long it lasts.
        CONSTRAINT alerts_anomaly_key UNIQUE (organization_id, anomaly_id),
        CONSTRAINT alerts_anomaly_fkey FOREIGN KEY (organization_id, anomaly_id) REFERENCES anomalies (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX alerts_org_created_idx ON alerts (organization_id, created_at, id);

      CREATE TABLE learned_patterns (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('slow_phase', 'flaky_step', 'failure_message', 'agent_task_type_failure')),
        -- What the pattern is about (a phase id, a step name...): mining again updates the same row.
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 500),
        description text NOT NULL,
        confidence double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        effectiveness double precision CHECK (effectiveness BETWEEN 0 AND 1),
        occurrences integer NOT NULL DEFAULT 0 CHECK (occurrences >= 0),
        evidence jsonb NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT learned_patterns_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT learned_patterns_key_key UNIQUE (organization_id, type, key)
      );
      CREATE INDEX learned_patterns_org_seen_idx ON learned_patterns (organization_id, last_seen_at, id);

      CREATE TABLE recommendations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        pattern_id uuid NOT NULL,
        title text NOT NULL,
        body text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed', 'done')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recommendations_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT recommendations_pattern_key UNIQUE (organization_id, pattern_id),
        CONSTRAINT recommendations_pattern_fkey FOREIGN KEY (organization_id, pattern_id) REFERENCES learned_patterns (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX recommendations_org_created_idx ON recommendations (organization_id, created_at, id);

      CREATE TABLE optimization_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        evaluation_type text NOT NULL CHECK (length(evaluation_type) BETWEEN 1 AND 100),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
        population_size integer NOT NULL DEFAULT 50 CHECK (population_size BETWEEN 1 AND 100000),
        generations integer NOT NULL DEFAULT 100 CHECK (generations BETWEEN 1 AND 1000000),
        fitness_function text NOT NULL DEFAULT '' CHECK (length(fitness_function) <= 2000),
        best_solution jsonb,
        best_fitness double precision,
        history jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(history) = 'array'),
        started_at timestamptz,
        finished_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT optimization_runs_pkey PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX optimization_runs_org_created_idx ON optimization_runs (organization_id, created_at, id);

      CREATE TABLE learning_models (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        model_type text NOT NULL CHECK (model_type IN ('classification', 'regression', 'clustering', 'time_series', 'reinforcement', 'recommendation')),
        algorithm text NOT NULL CHECK (length(algorithm) BETWEEN 1 AND 100),
        accuracy numeric(5,4) CHECK (accuracy BETWEEN 0 AND 1),
        target_modules text[] NOT NULL DEFAULT '{}' CHECK (cardinality(target_modules) <= 20),
        parameters jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameters) = 'object'),
        status text NOT NULL DEFAULT 'training' CHECK (status IN ('training', 'active', 'retired')),
        trained_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT learning_models_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT learning_models_name_key UNIQUE (organization_id, name)
      );

      CREATE TABLE templates (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('code_pattern', 'deployment_script', 'test_template', 'prompt_template')),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
        tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
        latest_version integer NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT templates_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT templates_name_key UNIQUE (organization_id, name)
      );
      CREATE INDEX templates_tags_idx ON templates USING gin (tags);

      -- Immutable once written: a run records the version it used (template_version_id).
      CREATE TABLE template_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        template_id uuid NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        content text NOT NULL CHECK (length(content) <= 200000),
        variables text[] NOT NULL DEFAULT '{}' CHECK (cardinality(variables) <= 100),
        changelog text NOT NULL DEFAULT '' CHECK (length(changelog) <= 10000),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT template_versions_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT template_versions_number_key UNIQUE (organization_id, template_id, number),
        CONSTRAINT template_versions_template_fkey FOREIGN KEY (organization_id, template_id) REFERENCES templates (organization_id, id) ON DELETE CASCADE
      );
    `);

    for (const table of ['knowledge_articles', 'anomaly_rules', 'learned_patterns', 'recommendations', 'optimization_runs', 'learning_models', 'templates']) {
      await q.query(`CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }
    for (const table of TENANT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT});
      `);
    }
    await q.query(`REVOKE UPDATE, DELETE ON template_versions FROM switchyard_app`);

    // Monthly partitions, 3 ahead; points older than the organization's retention ('metrics', default 90 days) go.
    await q.query(`SELECT partition_register('metrics', 'recorded_at', 'month', 3, 'metrics', 90)`);

    // ---- Roll-ups: materialized views (no RLS of their own), closed to the runtime role, read
    // through functions bound to the current tenant.
    await q.query(`
      CREATE MATERIALIZED VIEW analytics_daily_task_summary AS
      WITH created AS (
        SELECT organization_id, project_id, (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::integer AS created
        FROM tasks WHERE deleted_at IS NULL AND created_at >= now() - interval '400 days'
        GROUP BY 1, 2, 3
      ), completed AS (
        SELECT organization_id, project_id, (completed_at AT TIME ZONE 'UTC')::date AS day, count(*)::integer AS completed,
               avg(extract(epoch FROM completed_at - created_at))::double precision AS lead_time_avg_seconds,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)) AS lead_time_p50_seconds,
               (avg(extract(epoch FROM completed_at - started_at)) FILTER (WHERE started_at IS NOT NULL))::double precision AS cycle_time_avg_seconds,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at)) FILTER (WHERE started_at IS NOT NULL) AS cycle_time_p50_seconds
        FROM tasks WHERE deleted_at IS NULL AND status = 'done' AND completed_at >= now() - interval '400 days'
        GROUP BY 1, 2, 3
      )
      SELECT organization_id, project_id, day, coalesce(created, 0) AS created, coalesce(completed, 0) AS completed,
             lead_time_avg_seconds, lead_time_p50_seconds, cycle_time_avg_seconds, cycle_time_p50_seconds
      FROM created FULL JOIN completed USING (organization_id, project_id, day);

      -- CONCURRENTLY needs a unique index over every row.
      CREATE UNIQUE INDEX analytics_daily_task_summary_key ON analytics_daily_task_summary (organization_id, day, project_id);
      REVOKE ALL ON analytics_daily_task_summary FROM PUBLIC, switchyard_app;

      CREATE FUNCTION analytics_task_rollup(p_project uuid, p_from date, p_to date)
      RETURNS SETOF analytics_daily_task_summary
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT * FROM analytics_daily_task_summary
        WHERE organization_id = ${TENANT}
          AND day BETWEEN p_from AND p_to AND (p_project IS NULL OR project_id = p_project)
        ORDER BY day, project_id
      $$;
      REVOKE ALL ON FUNCTION analytics_task_rollup(uuid, date, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_task_rollup(uuid, date, date) TO switchyard_app;

      -- Refreshes every roll-up without blocking readers; answers each view with its duration.
      CREATE FUNCTION analytics_refresh_rollups() RETURNS TABLE (view_name text, milliseconds double precision)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE v text; started timestamptz;
      BEGIN
        FOREACH v IN ARRAY ARRAY['analytics_daily_task_summary'] LOOP
          started := clock_timestamp();
          EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', v);
          view_name := v;
          milliseconds := extract(epoch FROM clock_timestamp() - started) * 1000;
          RETURN NEXT;
        END LOOP;
      END $$;
      REVOKE ALL ON FUNCTION analytics_refresh_rollups() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_refresh_rollups() TO switchyard_app;
    `);

    // ---- Knowledge search: @@ and % are not leakproof, so under RLS no index would answer them;
    // this function runs as the owner and filters on exactly the tenant the policies use.
    await q.query(`
      CREATE FUNCTION knowledge_search(p_query text, p_limit integer)
      RETURNS TABLE (article_id uuid, rank double precision, title_similarity double precision)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        WITH q AS (SELECT websearch_to_tsquery('english', p_query) AS tsq),
        hits AS (
          SELECT a.id, ts_rank_cd(${KNOWLEDGE_DOCUMENT.replace(/title|content/g, (c) => `a.${c}`)}, q.tsq)::double precision AS rank,
                 similarity(a.title, p_query)::double precision AS sim
          FROM knowledge_articles a, q
          WHERE a.organization_id = ${TENANT}
            AND (${KNOWLEDGE_DOCUMENT.replace(/title|content/g, (c) => `a.${c}`)} @@ q.tsq OR a.title % p_query)
        )
        SELECT id, rank, sim FROM hits ORDER BY rank + sim DESC, id LIMIT p_limit
      $$;
      REVOKE ALL ON FUNCTION knowledge_search(text, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION knowledge_search(text, integer) TO switchyard_app;
    `);

    // ---- Template usage: how many runs used each version and how many succeeded. SECURITY INVOKER
    // (RLS applies). Zero until the pipelines and agents modules record template_version_id; a
    // later migration replaces the body once their tables exist.
    await q.query(`
      CREATE FUNCTION template_version_usage(p_template uuid)
      RETURNS TABLE (version_id uuid, uses bigint, successes bigint)
      LANGUAGE sql STABLE SET search_path = public AS $$
        SELECT v.id, 0::bigint, 0::bigint FROM template_versions v
        WHERE v.organization_id = ${TENANT} AND v.template_id = p_template
      $$;
      REVOKE ALL ON FUNCTION template_version_usage(uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION template_version_usage(uuid) TO switchyard_app;
    `);

    // ---- Cross-tenant entry points of the scheduled jobs (the runtime role has no BYPASSRLS):
    // each answers only ids, the work then runs in each organization's own transaction.
    await q.query(`
      CREATE FUNCTION analytics_due_rules(p_slot integer)
      RETURNS TABLE (organization_id uuid, rule_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT organization_id, id FROM anomaly_rules WHERE enabled AND slot = p_slot ORDER BY organization_id, id
      $$;
      REVOKE ALL ON FUNCTION analytics_due_rules(integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_due_rules(integer) TO switchyard_app;

      CREATE FUNCTION analytics_active_organizations(p_since timestamptz)
      RETURNS TABLE (organization_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT DISTINCT organization_id FROM tasks WHERE completed_at >= p_since ORDER BY 1
      $$;
      REVOKE ALL ON FUNCTION analytics_active_organizations(timestamptz) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_active_organizations(timestamptz) TO switchyard_app;
    `);

    // ---- System health for the platform operator: sizes, statements, indexes, queues, rows.
    await q.query(`
      CREATE FUNCTION analytics_system_health() RETURNS jsonb
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        statements jsonb := NULL;
        has_statements boolean;
      BEGIN
        has_statements := to_regclass('pg_stat_statements') IS NOT NULL;
        IF has_statements THEN
          BEGIN
            EXECUTE $q$
              SELECT coalesce(jsonb_agg(s), '[]'::jsonb) FROM (
                SELECT left(query, 500) AS query, calls, round(mean_exec_time::numeric, 3) AS mean_ms,
                       round(total_exec_time::numeric, 3) AS total_ms, rows
                FROM pg_stat_statements ORDER BY mean_exec_time DESC LIMIT 10) s
            $q$ INTO statements;
          EXCEPTION WHEN OTHERS THEN
            -- Installed but not preloaded (shared_preload_libraries): reading it raises; report it as absent.
            statements := NULL;
            has_statements := false;
          END;
        END IF;
        RETURN jsonb_build_object(
          'databaseSizeBytes', pg_database_size(current_database()),
          'connections', (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),
          'slowestStatements', jsonb_build_object('available', has_statements, 'statements', statements),
          'indexUsage', (
            SELECT coalesce(jsonb_agg(i), '[]'::jsonb) FROM (
              SELECT relname AS table, indexrelname AS index, idx_scan AS scans, pg_relation_size(indexrelid) AS size_bytes
              FROM pg_stat_user_indexes WHERE schemaname = 'public'
              ORDER BY idx_scan ASC, pg_relation_size(indexrelid) DESC LIMIT 20) i),
          'queues', (
            SELECT coalesce(jsonb_agg(j), '[]'::jsonb) FROM (
              SELECT queue, state, count(*) AS jobs, min(created_at) AS oldest FROM job_queue
              WHERE state IN ('queued', 'active', 'dead') GROUP BY queue, state ORDER BY queue, state) j),
          'tables', (
            SELECT coalesce(jsonb_agg(t ORDER BY t.table), '[]'::jsonb) FROM (
              SELECT coalesce(root.relname, c.relname) AS table, sum(greatest(c.reltuples, 0))::bigint AS estimated_rows,
                     sum(pg_total_relation_size(c.oid))::bigint AS size_bytes
              FROM pg_class c
              LEFT JOIN pg_class root ON c.relispartition AND root.oid = pg_partition_root(c.oid)
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
              GROUP BY 1) t)
        );
      END $$;
      REVOKE ALL ON FUNCTION analytics_system_health() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_system_health() TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS analytics_system_health(); DROP FUNCTION IF EXISTS template_version_usage(uuid); DROP FUNCTION IF EXISTS analytics_active_organizations(timestamptz);
      DROP FUNCTION IF EXISTS analytics_due_rules(integer); DROP FUNCTION IF EXISTS knowledge_search(text, integer);
      DROP FUNCTION IF EXISTS analytics_refresh_rollups(); DROP FUNCTION IF EXISTS analytics_task_rollup(uuid, date, date);
      DROP MATERIALIZED VIEW IF EXISTS analytics_daily_task_summary;
      DELETE FROM partitioned_tables WHERE table_name = 'metrics';
      DROP TABLE IF EXISTS template_versions, templates, learning_models, optimization_runs, recommendations, learned_patterns,
        alerts, anomalies, anomaly_rules, knowledge_articles, metric_series, metrics;
    `);
  }
}
