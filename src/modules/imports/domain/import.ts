/** An import's life: queued (HTTP), running (its job), then succeeded or failed. A dry run succeeds without writing. */
export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_PHASES = ['queued', 'parsing', 'planning', 'writing', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export interface ImportProgress {
  phase?: ImportPhase;
  /** Rows written so far (tasks, then updates, then dependencies) of `total`. */
  done?: number;
  total?: number;
}

/** One task or dependency the import left out, and why (a code of the IMPORTS or TASKS catalogue). */
export interface SkippedEntry {
  /** The tag (project) the task belongs to in the file; null for a file without tags. */
  tag: string | null;
  /** The task's id in the file (`3`, `3.1`); `tasks[7]` when it has none. */
  id: string;
  kind: 'task' | 'dependency';
  /** For a dependency: the id it names. */
  dependsOn?: string;
  code: string;
  message: string;
  /** For a dependency cycle: the ids of the tasks on it. */
  cycle?: string[];
}

export interface ReportedTask {
  tag: string | null;
  id: string;
  taskId: string;
}

export interface ProjectReport {
  tag: string | null;
  slug: string;
  /** null in a dry run into a project that would be created. */
  projectId: string | null;
  projectCreated: boolean;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  dependencies: { created: number; existing: number; skipped: number };
}

export interface ImportReport {
  format: 'legacy' | 'tagged';
  dryRun: boolean;
  totals: { created: number; updated: number; unchanged: number; skipped: number; dependencies: { created: number; existing: number; skipped: number } };
  projects: ProjectReport[];
  created: ReportedTask[];
  updated: ReportedTask[];
  unchanged: ReportedTask[];
  skipped: SkippedEntry[];
  durationMs: number;
}
