/**
 * Folds one communication into its component ($1 org, $2 component, $3 duration ms, $4 failed):
 * a running mean of response times, counts, and a health status from the failure ratio of the
 * calls so far (degraded above 10 %, unhealthy above 50 % once there are 5 calls).
 */
export const FOLD_COMMUNICATION = `update components set
    calls = calls + 1,
    failures = failures + case when $4 then 1 else 0 end,
    avg_response_ms = coalesce(avg_response_ms, $3) + ($3 - coalesce(avg_response_ms, $3)) / (calls + 1),
    last_seen_at = now(),
    health_status = case
      when calls + 1 < 5 then case when $4 then 'degraded' else 'healthy' end
      when (failures + case when $4 then 1 else 0 end)::float / (calls + 1) > 0.5 then 'unhealthy'
      when (failures + case when $4 then 1 else 0 end)::float / (calls + 1) > 0.1 then 'degraded'
      else 'healthy' end
  where organization_id = $1 and id = $2`;
