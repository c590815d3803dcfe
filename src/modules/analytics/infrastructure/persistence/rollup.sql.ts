/** Tenant-bound read of the task roll-up (SECURITY DEFINER, filters on app.current_org_id). */
export const TASK_DAILY_ROLLUP = `
  SELECT project_id, to_char(day, 'YYYY-MM-DD') AS day, created, completed, lead_time_avg_seconds, lead_time_p50_seconds,
         cycle_time_avg_seconds, cycle_time_p50_seconds
  FROM analytics_task_rollup($1::uuid, $2::date, $3::date)`;

export const REFRESH_ROLLUPS = `SELECT view_name, milliseconds FROM analytics_refresh_rollups()`;
