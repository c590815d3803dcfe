/** Tenant-bound read of the task roll-up (SECURITY DEFINER, filters on app.current_org_id). */
export const TASK_DAILY_ROLLUP = `
  SELECT project_id, to_char(day, 'YYYY-MM-DD') AS day, created, completed, lead_time_avg_seconds, lead_time_p50_seconds,
         cycle_time_avg_seconds, cycle_time_p50_seconds
  FROM analytics_task_rollup($1::uuid, $2::date, $3::date)`;

export const REFRESH_ROLLUPS = `SELECT view_name, milliseconds FROM analytics_refresh_rollups()`;

export const PIPELINE_DAILY_ROLLUP = `
  SELECT definition_id, to_char(day, 'YYYY-MM-DD') AS day, executions, succeeded, failed, cancelled, duration_avg_seconds, duration_p95_seconds
  FROM analytics_pipeline_rollup($1::uuid, $2::date, $3::date)`;

export const AGENT_DAILY_ROLLUP = `
  SELECT agent_id, to_char(day, 'YYYY-MM-DD') AS day, runs, completed, failed, cost_usd, tokens, duration_avg_seconds
  FROM analytics_agent_rollup($1::uuid, $2::date, $3::date)`;
