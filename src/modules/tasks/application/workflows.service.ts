import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { fromCounts, Progress } from '../domain/task';
import { ProjectNotFoundError, WorkflowNotFoundError } from '../domain/task.errors';
import { PhaseInput, PhaseStatus, phaseStatus, planPhases, Workflow, WorkflowPhase, WorkflowStatus, workflowStatus } from '../domain/workflow';
import { TaskReferences } from './task-references';
import { PhaseMetrics, WorkflowRepository } from './workflow.repository';

export interface WorkflowView extends Workflow {
  status: WorkflowStatus;
  currentPhaseId: string | null;
  progress: Progress;
  phases: Array<WorkflowPhase & { status: PhaseStatus; progress: Progress }>;
  /** Tasks attached to the workflow but to none of its phases. */
  unphased: Progress;
}

export interface WorkflowMetrics {
  workflowId: string;
  since: Date;
  until: Date;
  overall: PhaseMetrics;
  phases: Array<PhaseMetrics & { name: string | null }>;
}

const EMPTY = () => fromCounts({ backlog: 0, todo: 0, in_progress: 0, in_review: 0, blocked: 0, done: 0, cancelled: 0 }, 0, 0);

/** Workflows group a project's tasks into ordered phases; status and progress are computed from the tasks. */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly workflows: WorkflowRepository,
    private readonly references: TaskReferences,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor, input: { projectId: string; name: string; description?: string; phases: PhaseInput[] }): Promise<WorkflowView> {
    if (await this.references.session().project(input.projectId)) throw new ProjectNotFoundError(input.projectId);
    const { keep } = planPhases([], input.phases);
    const workflow = await this.workflows.insert({
      projectId: input.projectId,
      name: input.name.trim(),
      description: input.description ?? '',
      phases: keep.map((p) => ({ name: p.name, description: p.description ?? '' })),
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    await this.audit.record({ action: 'create', entityType: 'workflow', entityId: workflow.id, after: workflow });
    return (await this.withProgress([workflow]))[0];
  }

  async get(id: string): Promise<WorkflowView> {
    return (await this.withProgress([await this.existing(id)]))[0];
  }

  async list(query: { limit: number; cursor?: string; projectId?: string }): Promise<Page<WorkflowView>> {
    const page = await this.workflows.list(query);
    return { items: await this.withProgress(page.items), nextCursor: page.nextCursor };
  }

  async update(actor: Actor, id: string, input: { version: number; name?: string; description?: string; phases?: PhaseInput[] }): Promise<WorkflowView> {
    const before = await this.existing(id, true);
    if (before.version !== input.version) throw new StaleVersionError('Workflow', id, input.version, before.version);
    if (input.phases) {
      const { keep } = planPhases(before.phases, input.phases);
      await this.workflows.replacePhases(id, keep);
    }
    await this.workflows.update(id, { name: input.name?.trim(), description: input.description });
    const after = await this.existing(id);
    await this.audit.record({ action: 'update', entityType: 'workflow', entityId: id, before, after });
    return (await this.withProgress([after]))[0];
  }

  /** Deletes the workflow and its phases; its tasks stay, detached from it. */
  async delete(id: string): Promise<void> {
    const before = await this.existing(id, true);
    await this.workflows.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'workflow', entityId: id, before });
  }

  async metrics(id: string, since?: Date, until?: Date): Promise<WorkflowMetrics> {
    const workflow = await this.existing(id);
    const end = until ?? new Date();
    const start = since ?? new Date(end.getTime() - 90 * 86_400_000);
    const { overall, phases } = await this.workflows.metrics(id, start, end);
    const names = new Map(workflow.phases.map((p) => [p.id, p.name]));
    const byPhase = new Map(phases.map((p) => [p.phaseId, p]));
    const empty = (phaseId: string | null): PhaseMetrics => ({
      phaseId,
      completed: 0,
      leadTimeSeconds: { avg: null, p50: null, p85: null },
      cycleTimeSeconds: { avg: null, p50: null, p85: null },
    });
    return {
      workflowId: id,
      since: start,
      until: end,
      overall,
      phases: workflow.phases.map((p) => ({ ...(byPhase.get(p.id) ?? empty(p.id)), name: names.get(p.id) ?? null })),
    };
  }

  private async existing(id: string, lock = false): Promise<Workflow> {
    const workflow = await this.workflows.findById(id, { lock });
    if (!workflow) throw new WorkflowNotFoundError(id);
    return workflow;
  }

  private async withProgress(workflows: Workflow[]): Promise<WorkflowView[]> {
    const progress = workflows.length ? await this.workflows.progressByPhase(workflows.map((w) => w.id)) : new Map();
    return workflows.map((workflow) => {
      const byPhase: Map<string | null, Progress> = progress.get(workflow.id) ?? new Map();
      const phases = workflow.phases.map((phase) => {
        const p = byPhase.get(phase.id) ?? EMPTY();
        return { ...phase, status: phaseStatus(p), progress: p };
      });
      const unphased = byPhase.get(null) ?? EMPTY();
      const total = [...byPhase.values()].reduce(
        (sum, p) => {
          for (const [status, n] of Object.entries(p.byStatus)) sum.byStatus[status as keyof Progress['byStatus']] += n;
          sum.estimateTotal += p.estimateTotal;
          sum.estimateDone += p.estimateDone;
          return sum;
        },
        { byStatus: { ...EMPTY().byStatus }, estimateTotal: 0, estimateDone: 0 },
      );
      return {
        ...workflow,
        ...workflowStatus(phases),
        progress: fromCounts(total.byStatus, total.estimateTotal, total.estimateDone),
        phases,
        unphased,
      };
    });
  }
}
