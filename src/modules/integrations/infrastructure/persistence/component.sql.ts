/**
 * Records one communication with an integration's component and folds it into the component, in
 * one statement (a hot path: every processed webhook delivery runs it, last in its transaction).
 * Parameters: $1 organization, $2 integration, $3 delivery, $4 direction, $5 operation, $6 attempt,
 * $7 timeout ms, $8 status, $9 HTTP status, $10 duration ms, $11 error, $12 correlation id, $13
 * whether it counts as a failure. The fold keeps a running mean of response times, the counts, and
 * a health status from the failure ratio of the calls so far (degraded above 10 %, unhealthy above
 * 50 % once there are 5 calls). Nothing is recorded when the integration has no component.
 */
export const RECORD_COMMUNICATION = `
  with component as (
    select id from components where organization_id = $1::uuid and integration_id = $2::uuid),
  recorded as (
    insert into component_communications (organization_id, component_id, integration_id, delivery_id, direction, operation, attempt,
      timeout_ms, status, http_status, duration_ms, error, correlation_id)
    select $1::uuid, c.id, $2::uuid, $3::uuid, $4::text, $5::text, $6::integer, $7::integer, $8::text, $9::integer, $10::integer, $11::text, $12::text
    from component c
    returning component_id)
  update components set
    calls = calls + 1,
    failures = failures + case when $13::boolean then 1 else 0 end,
    avg_response_ms = coalesce(avg_response_ms, $10::integer) + ($10::integer - coalesce(avg_response_ms, $10::integer)) / (calls + 1),
    last_seen_at = now(),
    health_status = case
      when calls + 1 < 5 then case when $13::boolean then 'degraded' else 'healthy' end
      when (failures + case when $13::boolean then 1 else 0 end)::float / (calls + 1) > 0.5 then 'unhealthy'
      when (failures + case when $13::boolean then 1 else 0 end)::float / (calls + 1) > 0.1 then 'degraded'
      else 'healthy' end
  where organization_id = $1::uuid and id = (select component_id from recorded)`;
