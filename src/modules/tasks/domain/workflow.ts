import { InvalidPhasesError } from './task.errors';
import { Progress } from './task';

/** A project's workflow: an ordered list of phases that tasks are attached to. */
export interface Workflow {
  id: string;
  organizationId: string;
  projectId: string;
  name: string;
  description: string;
  phases: WorkflowPhase[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkflowPhase {
  id: string;
  name: string;
  description: string;
  /** 0-based order within the workflow. */
  position: number;
}

export type PhaseStatus = 'empty' | 'not_started' | 'in_progress' | 'completed';
export type WorkflowStatus = 'empty' | 'not_started' | 'in_progress' | 'completed';

export const MAX_PHASES = 50;

/** A phase is completed when all its tasks are closed (at least one done), started once any moved past todo. */
export function phaseStatus(progress: Progress): PhaseStatus {
  const s = progress.byStatus;
  if (progress.total === 0) return 'empty';
  if (s.done + s.cancelled === progress.total) return s.done > 0 ? 'completed' : 'not_started';
  if (s.backlog + s.todo + s.cancelled === progress.total) return 'not_started';
  return 'in_progress';
}

/**
 * The workflow's status from its phases' (empty phases are ignored): completed when every
 * phase with tasks is; not started while none has started; in progress otherwise. The current
 * phase is the first phase, in order, that has tasks and is not completed.
 */
export function workflowStatus(phases: ReadonlyArray<{ id: string; status: PhaseStatus }>): { status: WorkflowStatus; currentPhaseId: string | null } {
  const relevant = phases.filter((p) => p.status !== 'empty');
  if (relevant.length === 0) return { status: 'empty', currentPhaseId: null };
  const current = relevant.find((p) => p.status !== 'completed');
  if (!current) return { status: 'completed', currentPhaseId: null };
  const status = relevant.every((p) => p.status === 'not_started') ? 'not_started' : 'in_progress';
  return { status, currentPhaseId: current.id };
}

export interface PhaseInput {
  id?: string;
  name: string;
  description?: string;
}

/**
 * Checks a new ordered phase list against the current one: names unique (case-insensitive),
 * ids must be phases of this workflow. Phases left out are removed (their tasks detach).
 */
export function planPhases(
  current: readonly WorkflowPhase[],
  next: readonly PhaseInput[],
): { keep: Array<PhaseInput & { position: number }>; remove: string[] } {
  if (next.length > MAX_PHASES) throw new InvalidPhasesError(`A workflow has at most ${MAX_PHASES} phases`);
  const names = new Set<string>();
  const ids = new Set<string>();
  const known = new Set(current.map((p) => p.id));
  next.forEach((phase) => {
    const key = phase.name.trim().toLowerCase();
    if (names.has(key)) throw new InvalidPhasesError(`Phase name "${phase.name}" appears twice`);
    names.add(key);
    if (phase.id !== undefined) {
      if (!known.has(phase.id)) throw new InvalidPhasesError(`Phase ${phase.id} is not a phase of this workflow`);
      if (ids.has(phase.id)) throw new InvalidPhasesError(`Phase ${phase.id} appears twice`);
      ids.add(phase.id);
    }
  });
  return {
    keep: next.map((phase, position) => ({ ...phase, name: phase.name.trim(), position })),
    remove: current.filter((p) => !ids.has(p.id)).map((p) => p.id),
  };
}
