/**
 * The event log, newest first in (occurred_at, id) keyset order. The window on occurred_at prunes
 * the monthly partitions; each filter has its partial index (events_correlation_idx,
 * events_trace_idx, events_entity_idx, events_task_idx). Filters are added only when given, so
 * a generic plan never carries `$n IS NULL OR ...` predicates that defeat the indexes.
 */
export function eventsSql(filters: string[]): string {
  return `
    SELECT id, occurred_at, type, source, target, entity_type, entity_id, task_id, workflow_id, severity, payload,
           actor_type, actor_id, correlation_id, trace_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
    FROM events
    WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ${filters.map((f) => `AND ${f}`).join(' ')}
    ORDER BY occurred_at DESC, id DESC
    LIMIT $4`;
}
