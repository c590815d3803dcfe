import { ValidationFailedError } from '@switchyard/core';
import { BoardTask } from '../../application/collaborators';
import { AgentRun } from '../../domain/agent-run';
import { AgentRunResponse, AnalyticsQuery, BoardTaskResponse } from './agent-run.dto';

export function toRunResponse(run: AgentRun): AgentRunResponse {
  const { organizationId: _o, step: _s, createdBy: _c, ...rest } = run;
  return { ...rest, costIsEstimate: run.reportedCostUsd === null };
}

export function toBoardTaskResponse(task: BoardTask): BoardTaskResponse {
  return { id: task.id, projectId: task.projectId, title: task.title, type: task.type, status: task.status, labels: task.labels };
}

const DAY_MS = 86_400_000;

const HOUR_MS = 3_600_000;

/**
 * The analytics window: default the 30 days up to the end of the current hour (a whole hour, so
 * the same question asked twice gets the same window); at most 400 days.
 */
export function windowOf(query: AnalyticsQuery): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date(Math.ceil((Date.now() + 1) / HOUR_MS) * HOUR_MS);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw new ValidationFailedError([{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new ValidationFailedError([{ field: 'from', message: 'the window is at most 400 days' }]);
  return { from, to };
}
