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
