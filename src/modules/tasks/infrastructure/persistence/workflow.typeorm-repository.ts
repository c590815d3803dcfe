import { Injectable } from '@nestjs/common';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { Page } from '@switchyard/core';
import { decodeCursor, toPage } from '@switchyard/http';
import { NewWorkflow, PhaseMetrics, WorkflowRepository } from '../../application/workflow.repository';
import { fromCounts, Progress } from '../../domain/task';
import { WorkflowNameTakenError } from '../../domain/task.errors';
import { TASK_STATUSES, TaskStatus } from '../../domain/task.types';
import { Workflow } from '../../domain/workflow';
import { WorkflowPhaseEntity } from './workflow-phase.entity';
import { WorkflowEntity } from './workflow.entity';
import { FIND_WORKFLOW, listWorkflowsSql, PROGRESS_BY_PHASE, UPDATE_PHASES, WORKFLOW_METRICS, WorkflowRow } from './workflow.sql';

/** The unique index on (organization_id, project_id, lower(name)). */
const NAME_KEY = 'workflows_project_name_key';

/**
 * Workflows and their phases. Writes go through the entities; a workflow is read with its phases
 * in one statement (workflow.sql.ts), and the phase reorder and the aggregates are SQL.
 */
@Injectable()
export class WorkflowTypeormRepository extends WorkflowRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  private get workflows() {
    return this.transaction.manager.getRepository(WorkflowEntity);
  }

  private get phases() {
    return this.transaction.manager.getRepository(WorkflowPhaseEntity);
  }

  async insert(workflow: NewWorkflow): Promise<Workflow> {
    let id: string;
    try {
      const { identifiers } = await this.workflows.insert({
        organizationId: this.org,
        projectId: workflow.projectId,
        name: workflow.name,
        description: workflow.description,
        createdBy: workflow.createdBy,
      });
      id = identifiers[0].id as string;
    } catch (error) {
      if (violatedConstraint(error, '23505') === NAME_KEY) throw new WorkflowNameTakenError(workflow.name);
      throw error;
    }
    await this.replacePhases(
      id,
      workflow.phases.map((phase, position) => ({ ...phase, position })),
    );
    return (await this.findById(id))!;
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<Workflow | undefined> {
    const [row] = await this.transaction.query<WorkflowRow>(options.lock ? `${FIND_WORKFLOW} for update of w` : FIND_WORKFLOW, [this.org, id]);
    return row ? toWorkflow(row) : undefined;
  }

  async workflowOfPhase(phaseId: string): Promise<string | undefined> {
    const phase = await this.phases.findOne({ select: { id: true, workflowId: true }, where: { organizationId: this.org, id: phaseId } });
    return phase?.workflowId;
  }

  async list(query: { limit: number; cursor?: string; projectId?: string }): Promise<Page<Workflow>> {
    const params: unknown[] = [this.org, query.limit + 1];
    const filters: string[] = [];
    if (query.projectId) filters.push(`w.project_id = $${params.push(query.projectId)}`);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      filters.push(`(w.created_at, w.id) > ($${params.push(createdAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.transaction.query<WorkflowRow>(listWorkflowsSql(filters), params);
    const page = toPage(rows, query.limit, (last) => [last.created_key!, last.id]);
    return { items: page.items.map(toWorkflow), nextCursor: page.nextCursor };
  }

  /** The version column is bumped by TypeORM's update (VersionColumn). */
  async update(id: string, changes: { name?: string; description?: string }): Promise<void> {
    const set: Partial<Pick<WorkflowEntity, 'name' | 'description'>> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    try {
      await this.workflows.createQueryBuilder().update().set(set).where('organization_id = :org and id = :id', { org: this.org, id }).execute();
    } catch (error) {
      if (violatedConstraint(error, '23505') === NAME_KEY) throw new WorkflowNameTakenError(changes.name ?? '');
      throw error;
    }
  }

  /** Positions are unique DEFERRABLE, so kept phases can swap places within the statement sequence. */
  async replacePhases(workflowId: string, phases: Array<{ id?: string; name: string; description?: string; position: number }>): Promise<void> {
    const kept = phases.filter((p) => p.id);
    await this.phases
      .createQueryBuilder()
      .delete()
      .where('organization_id = :org and workflow_id = :workflowId and not (id = any(:kept::uuid[]))', {
        org: this.org,
        workflowId,
        kept: kept.map((p) => p.id),
      })
      .execute();
    if (kept.length) await this.transaction.query(UPDATE_PHASES, [this.org, workflowId, JSON.stringify(kept)]);
    const added = phases.filter((p) => !p.id);
    if (added.length) {
      await this.phases.insert(
        added.map((p) => ({ organizationId: this.org, workflowId, name: p.name, description: p.description ?? '', position: p.position })),
      );
    }
  }

  async bumpVersion(id: string): Promise<void> {
    await this.workflows
      .createQueryBuilder()
      .update()
      .set({ version: () => 'version + 1' })
      .where('organization_id = :org and id = :id', { org: this.org, id })
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.workflows.delete({ organizationId: this.org, id });
  }

  async progressByPhase(workflowIds: string[]): Promise<Map<string, Map<string | null, Progress>>> {
    const rows = await this.transaction.query<{ workflow_id: string; phase_id: string | null; status: TaskStatus; n: number; estimate: number }>(
      PROGRESS_BY_PHASE,
      [this.org, workflowIds],
    );
    const grouped = new Map<string, Map<string | null, { byStatus: Record<TaskStatus, number>; total: number; done: number }>>();
    for (const row of rows) {
      const phases = grouped.get(row.workflow_id) ?? new Map();
      grouped.set(row.workflow_id, phases);
      const entry = phases.get(row.phase_id) ?? { byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])), total: 0, done: 0 };
      phases.set(row.phase_id, entry);
      entry.byStatus[row.status] = row.n;
      if (row.status !== 'cancelled') entry.total += row.estimate;
      if (row.status === 'done') entry.done += row.estimate;
    }
    return new Map(
      [...grouped].map(([workflowId, phases]) => [workflowId, new Map([...phases].map(([phaseId, e]) => [phaseId, fromCounts(e.byStatus, e.total, e.done)]))]),
    );
  }

  async metrics(workflowId: string, since: Date, until: Date): Promise<{ overall: PhaseMetrics; phases: PhaseMetrics[] }> {
    const rows = await this.transaction.query<Record<string, number | string | null> & { phase_id: string | null; overall: boolean }>(WORKFLOW_METRICS, [
      this.org,
      workflowId,
      since,
      until,
    ]);
    const toMetrics = (row: (typeof rows)[number] | undefined, phaseId: string | null): PhaseMetrics => ({
      phaseId,
      completed: Number(row?.completed ?? 0),
      leadTimeSeconds: { avg: num(row?.lead_avg), p50: num(row?.lead_p50), p85: num(row?.lead_p85) },
      cycleTimeSeconds: { avg: num(row?.cycle_avg), p50: num(row?.cycle_p50), p85: num(row?.cycle_p85) },
    });
    return {
      overall: toMetrics(
        rows.find((r) => r.overall),
        null,
      ),
      phases: rows.filter((r) => !r.overall && r.phase_id !== null).map((r) => toMetrics(r, r.phase_id)),
    };
  }
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 1000) / 1000;
}

function toWorkflow(row: WorkflowRow): Workflow {
  return {
    id: row.id,
    organizationId: row.organization_id,
    projectId: row.project_id,
    name: row.name,
    description: row.description,
    phases: row.phases,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
