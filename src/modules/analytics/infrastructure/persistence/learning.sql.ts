/** Median cycle time (start → done) of each workflow phase's finished tasks. */
export const PHASE_DURATIONS = `
  SELECT t.workflow_id, w.name AS workflow_name, t.phase_id, p.name AS phase_name, count(*)::integer AS samples,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.started_at)) AS p50_seconds
  FROM tasks t
  JOIN workflow_phases p ON p.organization_id = t.organization_id AND p.id = t.phase_id
  JOIN workflows w ON w.organization_id = t.organization_id AND w.id = t.workflow_id
  WHERE t.organization_id = $1 AND t.status = 'done' AND t.deleted_at IS NULL AND t.started_at IS NOT NULL
    AND t.completed_at >= $2 AND t.phase_id IS NOT NULL
  GROUP BY t.workflow_id, w.name, t.phase_id, p.name`;

/** Finished tasks with their duration in hours (start → done, else creation → done), newest first. */
export const FINISHED_TASKS = `
  SELECT type, project_id, labels, completed_at,
         extract(epoch FROM completed_at - coalesce(started_at, created_at)) / 3600.0 AS hours
  FROM tasks
  WHERE organization_id = $1 AND status = 'done' AND deleted_at IS NULL AND completed_at >= $2
  ORDER BY completed_at DESC
  LIMIT $3`;

export const ESTIMATE_TARGET = `SELECT type, project_id, labels FROM tasks WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL`;

export const UPSERT_PATTERN = `
  INSERT INTO learned_patterns AS lp (organization_id, type, key, description, confidence, occurrences, evidence, first_seen_at, last_seen_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
  ON CONFLICT (organization_id, type, key) DO UPDATE
    SET description = excluded.description, confidence = excluded.confidence, occurrences = excluded.occurrences,
        evidence = excluded.evidence, last_seen_at = excluded.last_seen_at
  RETURNING id`;

export const INSERT_RECOMMENDATION = `
  INSERT INTO recommendations (organization_id, pattern_id, title, body) VALUES ($1, $2, $3, $4)
  ON CONFLICT (organization_id, pattern_id) DO NOTHING`;

/**
 * Pipeline steps by definition and step key: runs, failures (attempts that failed, including
 * those a retry passed) and flips (passed on a later attempt). Reads the pipelines module's
 * tables (never writes); the window on execution_created_at prunes their partitions.
 */
export const STEP_OUTCOMES = `
  SELECT e.definition_id::text || ':' || s.key AS key, d.name || ' / ' || s.name AS label, count(*)::integer AS runs,
         (count(*) FILTER (WHERE s.status IN ('failed', 'timed_out')) + count(*) FILTER (WHERE s.status = 'succeeded' AND s.attempt > 1))::integer AS failures,
         (count(*) FILTER (WHERE s.status = 'succeeded' AND s.attempt > 1))::integer AS flips
  FROM pipeline_step_executions s
  JOIN pipeline_executions e ON e.organization_id = s.organization_id AND e.id = s.execution_id AND e.created_at = s.execution_created_at
  JOIN pipeline_definitions d ON d.organization_id = e.organization_id AND d.id = e.definition_id
  WHERE s.organization_id = $1 AND s.execution_created_at >= $2 AND s.status IN ('succeeded', 'failed', 'timed_out')
  GROUP BY e.definition_id, s.key, d.name, s.name`;

/** Agent runs by agent and the type of the task they worked on: runs and failures. */
export const AGENT_TASK_TYPE_OUTCOMES = `
  SELECT r.agent_id::text || ':' || t.type AS key, 'Agent "' || a.name || '" on ' || t.type || ' tasks' AS label, count(*)::integer AS runs,
         (count(*) FILTER (WHERE r.status = 'failed'))::integer AS failures, 0 AS flips
  FROM agent_runs r
  JOIN agents a ON a.organization_id = r.organization_id AND a.id = r.agent_id
  JOIN tasks t ON t.organization_id = r.organization_id AND t.id = r.task_id
  WHERE r.organization_id = $1 AND r.created_at >= $2 AND r.status IN ('completed', 'failed')
  GROUP BY r.agent_id, a.name, t.type`;

/** Failure messages of the window, newest first (bounded): failed agent runs' errors and failed or timed-out executions' reasons. */
export const FAILURE_MESSAGES = `
  (SELECT 'agent_run' AS source, r.error AS message, coalesce(r.finished_at, r.created_at) AS at FROM agent_runs r
   WHERE r.organization_id = $1 AND r.created_at >= $2 AND r.status = 'failed' AND r.error IS NOT NULL
   ORDER BY r.created_at DESC LIMIT $3)
  UNION ALL
  (SELECT 'pipeline_execution', e.reason, coalesce(e.finished_at, e.created_at) FROM pipeline_executions e
   WHERE e.organization_id = $1 AND e.created_at >= $2 AND e.status IN ('failed', 'timed_out') AND e.reason IS NOT NULL
   ORDER BY e.created_at DESC LIMIT $3)`;
