import { Page } from '@switchyard/core';
import { Progress } from '../domain/task';
import { Workflow } from '../domain/workflow';

export interface NewWorkflow {
  projectId: string;
  name: string;
  description: string;
  phases: Array<{ name: string; description: string }>;
  createdBy: string | null;
}

export interface PhaseMetrics {
  phaseId: string | null;
  completed: number;
  leadTimeSeconds: { avg: number | null; p50: number | null; p85: number | null };
  cycleTimeSeconds: { avg: number | null; p50: number | null; p85: number | null };
}

export abstract class WorkflowRepository {
  abstract insert(workflow: NewWorkflow): Promise<Workflow>;
  abstract findById(id: string, options?: { lock?: boolean }): Promise<Workflow | undefined>;
  /** The workflow a phase belongs to, in the current organization. */
  abstract workflowOfPhase(phaseId: string): Promise<string | undefined>;
  abstract list(query: { limit: number; cursor?: string; projectId?: string }): Promise<Page<Workflow>>;
  abstract update(id: string, changes: { name?: string; description?: string }): Promise<void>;
  /** Writes the ordered phase list: updates kept ids, inserts new ones, deletes the rest. */
  abstract replacePhases(workflowId: string, phases: Array<{ id?: string; name: string; description?: string; position: number }>): Promise<void>;
  abstract bumpVersion(id: string): Promise<void>;
  abstract delete(id: string): Promise<void>;
  /** Progress per phase id (null: tasks of the workflow without a phase), live tasks only. */
  abstract progressByPhase(workflowIds: string[]): Promise<Map<string, Map<string | null, Progress>>>;
  /** Lead and cycle time of tasks done in the window, per phase and overall (phaseId null in `overall`). */
  abstract metrics(workflowId: string, since: Date, until: Date): Promise<{ overall: PhaseMetrics; phases: PhaseMetrics[] }>;
}
