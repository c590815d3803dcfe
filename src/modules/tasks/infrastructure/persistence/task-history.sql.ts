/** The history rows of one change ($1 organization, $2 actor type, $3 actor id, $4 request id, $5 JSON entries), one statement. */
export const RECORD_HISTORY = `insert into task_history (organization_id, task_id, field, old_value, new_value, actor_type, actor_id, request_id)
  select $1, x.task_id, x.field, x.old_value, x.new_value, $2, $3, $4
  from jsonb_to_recordset($5::jsonb) as x(task_id uuid, field text, old_value jsonb, new_value jsonb)`;
