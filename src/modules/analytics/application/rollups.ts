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

export interface RefreshedView {
  view: string;
  milliseconds: number;
}

/** Port: the roll-ups (materialized views), read for the current organization only. */
export abstract class RollupReader {
  abstract taskDaily(from: string, to: string, projectId?: string): Promise<TaskDayRollup[]>;
  /** Refreshes every roll-up (CONCURRENTLY: readers are not blocked). */
  abstract refresh(): Promise<RefreshedView[]>;
}
