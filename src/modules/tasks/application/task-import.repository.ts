import { Task } from '../domain/task';

/** The storage side of imports from other systems (TaskImportService): mappings and set-based writes. */
export abstract class TaskImportRepository {
  /** Every task of the project mapped from `source`, by its external id (deleted tasks too). */
  abstract findMapped(projectId: string, source: string): Promise<Map<string, Task>>;
  /** Records external ids of tasks; one statement. */
  abstract insertMappings(projectId: string, source: string, rows: Array<{ externalId: string; taskId: string }>): Promise<void>;
  /** Every `blocks` edge between two live tasks of the organization, as [blocker, blocked]. */
  abstract blocksEdges(): Promise<Array<[string, string]>>;
  /** Inserts `blocks` relations; a pair already related that way is left alone. Answers how many were new. */
  abstract insertBlocks(pairs: Array<[string, string]>, createdBy: { type: string; id: string | null }): Promise<number>;
}
