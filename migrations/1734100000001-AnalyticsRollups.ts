import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT = `nullif(current_setting('app.current_org_id', true), '')::uuid`;

/**
 * The roll-ups over the pipelines and agents modules' tables (merged after 1734100000000), the
 * template usage computed from the runs that recorded a template version, and the refresh of
 * every roll-up. Read through tenant-bound SECURITY DEFINER functions, as the task summary.
 */
export class AnalyticsRollups1734100000001 implements MigrationInterface {
  name = 'AnalyticsRollups1734100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Per organization, pipeline definition and UTC day of finishing: executions, outcomes, duration.
      CREATE MATERIALIZED VIEW analytics_daily_pipeline_summary AS
      SELECT organization_id, definition_id, (finished_at AT TIME ZONE 'UTC')::date AS day,
             count(*)::integer AS executions,
             (count(*) FILTER (WHERE status = 'succeeded'))::integer AS succeeded,
             (count(*) FILTER (WHERE status IN ('failed', 'timed_out')))::integer AS failed,
             (count(*) FILTER (WHERE status = 'cancelled'))::integer AS cancelled,
             (avg(extract(epoch FROM finished_at - started_at)) FILTER (WHERE started_at IS NOT NULL))::double precision AS duration_avg_seconds,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) FILTER (WHERE started_at IS NOT NULL) AS duration_p95_seconds
      FROM pipeline_executions
      WHERE finished_at IS NOT NULL AND created_at >= now() - interval '400 days'
      GROUP BY 1, 2, 3;
      CREATE UNIQUE INDEX analytics_daily_pipeline_summary_key ON analytics_daily_pipeline_summary (organization_id, day, definition_id);
      REVOKE ALL ON analytics_daily_pipeline_summary FROM PUBLIC, switchyard_app;

      -- Per organization, agent and UTC day of finishing: runs, outcomes, cost (reported, else estimated), tokens, duration.
      CREATE MATERIALIZED VIEW analytics_daily_agent_summary AS
      SELECT organization_id, agent_id, (finished_at AT TIME ZONE 'UTC')::date AS day,
             count(*)::integer AS runs,
             (count(*) FILTER (WHERE status = 'completed'))::integer AS completed,
             (count(*) FILTER (WHERE status = 'failed'))::integer AS failed,
             sum(coalesce(reported_cost_usd, estimated_cost_usd))::double precision AS cost_usd,
             sum(coalesce(reported_tokens, estimated_input_tokens + estimated_output_tokens))::bigint AS tokens,
             (avg(extract(epoch FROM finished_at - started_at)) FILTER (WHERE started_at IS NOT NULL))::double precision AS duration_avg_seconds
      FROM agent_runs
      WHERE finished_at IS NOT NULL AND created_at >= now() - interval '400 days'
      GROUP BY 1, 2, 3;
      CREATE UNIQUE INDEX analytics_daily_agent_summary_key ON analytics_daily_agent_summary (organization_id, day, agent_id);
      REVOKE ALL ON analytics_daily_agent_summary FROM PUBLIC, switchyard_app;

      CREATE FUNCTION analytics_pipeline_rollup(p_definition uuid, p_from date, p_to date)
      RETURNS SETOF analytics_daily_pipeline_summary
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT * FROM analytics_daily_pipeline_summary
        WHERE organization_id = ${TENANT}
          AND day BETWEEN p_from AND p_to AND (p_definition IS NULL OR definition_id = p_definition)
        ORDER BY day, definition_id
      $$;
      REVOKE ALL ON FUNCTION analytics_pipeline_rollup(uuid, date, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_pipeline_rollup(uuid, date, date) TO switchyard_app;

      CREATE FUNCTION analytics_agent_rollup(p_agent uuid, p_from date, p_to date)
      RETURNS SETOF analytics_daily_agent_summary
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT * FROM analytics_daily_agent_summary
        WHERE organization_id = ${TENANT}
          AND day BETWEEN p_from AND p_to AND (p_agent IS NULL OR agent_id = p_agent)
        ORDER BY day, agent_id
      $$;
      REVOKE ALL ON FUNCTION analytics_agent_rollup(uuid, date, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_agent_rollup(uuid, date, date) TO switchyard_app;

      CREATE OR REPLACE FUNCTION analytics_refresh_rollups() RETURNS TABLE (view_name text, milliseconds double precision)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE v text; started timestamptz;
      BEGIN
        FOREACH v IN ARRAY ARRAY['analytics_daily_task_summary', 'analytics_daily_pipeline_summary', 'analytics_daily_agent_summary'] LOOP
          started := clock_timestamp();
          EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', v);
          view_name := v;
          milliseconds := extract(epoch FROM clock_timestamp() - started) * 1000;
          RETURN NEXT;
        END LOOP;
      END $$;

      -- Uses and successes per version: the finished pipeline executions and agent runs that
      -- recorded it (SECURITY INVOKER: RLS holds on every table read).
      CREATE OR REPLACE FUNCTION template_version_usage(p_template uuid)
      RETURNS TABLE (version_id uuid, uses bigint, successes bigint)
      LANGUAGE sql STABLE SET search_path = public AS $$
        WITH runs AS (
          SELECT template_version_id AS id, status = 'succeeded' AS ok FROM pipeline_executions
          WHERE organization_id = ${TENANT} AND status IN ('succeeded', 'failed', 'timed_out')
            AND template_version_id IN (SELECT id FROM template_versions WHERE organization_id = ${TENANT} AND template_id = p_template)
          UNION ALL
          SELECT template_version_id, status = 'completed' FROM agent_runs
          WHERE organization_id = ${TENANT} AND status IN ('completed', 'failed')
            AND template_version_id IN (SELECT id FROM template_versions WHERE organization_id = ${TENANT} AND template_id = p_template)
        )
        SELECT v.id, count(r.id), count(r.id) FILTER (WHERE r.ok)
        FROM template_versions v LEFT JOIN runs r ON r.id = v.id
        WHERE v.organization_id = ${TENANT} AND v.template_id = p_template
        GROUP BY v.id
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS analytics_agent_rollup(uuid, date, date); DROP FUNCTION IF EXISTS analytics_pipeline_rollup(uuid, date, date);
      DROP MATERIALIZED VIEW IF EXISTS analytics_daily_agent_summary; DROP MATERIALIZED VIEW IF EXISTS analytics_daily_pipeline_summary;
    `);
  }
}
