export interface TaskDayRollup {
  projectId: string;
  day: string;
  created: number;
  completed: number;
  leadTimeAvgSeconds: number | null;
  leadTimeP50Seconds: number | null;
  cycleTimeAvgSeconds: number | null;
  cycleTimeP50Seconds: number | null;
}

export interface PipelineDayRollup {
  definitionId: string;
  day: string;
  executions: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  successRate: number | null;
  durationAvgSeconds: number | null;
  durationP95Seconds: number | null;
}

export interface AgentDayRollup {
  agentId: string;
  day: string;
  runs: number;
  completed: number;
  failed: number;
  successRate: number | null;
  costUsd: number;
  tokens: number;
  durationAvgSeconds: number | null;
}

export interface RefreshedView {
  view: string;
  milliseconds: number;
}

/** Port: the roll-ups (materialized views), read for the current organization only. */
export abstract class RollupReader {
  abstract taskDaily(from: string, to: string, projectId?: string): Promise<TaskDayRollup[]>;
  abstract pipelineDaily(from: string, to: string, definitionId?: string): Promise<PipelineDayRollup[]>;
  abstract agentDaily(from: string, to: string, agentId?: string): Promise<AgentDayRollup[]>;
  /** Refreshes every roll-up (CONCURRENTLY: readers are not blocked). */
  abstract refresh(): Promise<RefreshedView[]>;
}
