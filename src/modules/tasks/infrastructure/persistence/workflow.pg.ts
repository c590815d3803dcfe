import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { queryRows } from './sql';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { NewWorkflow, PhaseMetrics, WorkflowRepository } from '../../application/workflow.repository';
import { fromCounts, Progress } from '../../domain/task';
import { WorkflowNameTakenError } from '../../domain/task.errors';
import { TASK_STATUSES, TaskStatus } from '../../domain/task.types';
import { Workflow, WorkflowPhase } from '../../domain/workflow';

interface WorkflowRow {
  id: string;
  organization_id: string;
  project_id: string;
  name: string;
  description: string;
  phases: WorkflowPhase[];
  version: number;
  created_at: Date;
  updated_at: Date;
  created_key?: string;
}

const WORKFLOW_COLUMNS = `w.id, w.organization_id, w.project_id, w.name, w.description, w.version, w.created_at, w.updated_at,
  coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'description', p.description, 'position', p.position)
                            order by p.position)
            from workflow_phases p where p.organization_id = w.organization_id and p.workflow_id = w.id), '[]') as phases`;

@Injectable()
export class WorkflowPgRepository extends WorkflowRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return queryRows<T>(this.transaction.manager, sql, params);
  }

  async insert(workflow: NewWorkflow): Promise<Workflow> {
    let id: string;
    try {
      [{ id }] = await this.query<{ id: string }>(
        `insert into workflows (organization_id, project_id, name, description, created_by) values ($1, $2, $3, $4, $5) returning id`,
        [this.org, workflow.projectId, workflow.name, workflow.description, workflow.createdBy],
      );
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'workflows_project_name_key') {
        throw new WorkflowNameTakenError(workflow.name);
      }
      throw error;
    }
    await this.replacePhases(
      id,
      workflow.phases.map((phase, position) => ({ ...phase, position })),
    );
    return (await this.findById(id))!;
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<Workflow | undefined> {
    const [row] = await this.query<WorkflowRow>(
      `select ${WORKFLOW_COLUMNS} from workflows w where w.organization_id = $1 and w.id = $2 ${options.lock ? 'for update of w' : ''}`,
      [this.org, id],
    );
    return row ? toWorkflow(row) : undefined;
  }

  async workflowOfPhase(phaseId: string): Promise<string | undefined> {
    const [row] = await this.query<{ workflow_id: string }>('select workflow_id from workflow_phases where organization_id = $1 and id = $2', [
      this.org,
      phaseId,
    ]);
    return row?.workflow_id;
  }

  async list(query: { limit: number; cursor?: string; projectId?: string }): Promise<Page<Workflow>> {
    const params: unknown[] = [this.org, query.limit + 1];
    const where = ['w.organization_id = $1'];
    if (query.projectId) where.push(`w.project_id = $${params.push(query.projectId)}`);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(w.created_at, w.id) > ($${params.push(createdAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.query<WorkflowRow>(
      `select ${WORKFLOW_COLUMNS}, w.created_at::text as created_key from workflows w where ${where.join(' and ')}
       order by w.created_at, w.id limit $2`,
      params,
    );
    const page = toPage(rows, query.limit, (last) => [last.created_key!, last.id]);
    return { items: page.items.map(toWorkflow), nextCursor: page.nextCursor };
  }

  async update(id: string, changes: { name?: string; description?: string }): Promise<void> {
    try {
      await this.query(
        `update workflows set name = coalesce($3, name), description = coalesce($4, description), version = version + 1
         where organization_id = $1 and id = $2`,
        [this.org, id, changes.name ?? null, changes.description ?? null],
      );
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'workflows_project_name_key') {
        throw new WorkflowNameTakenError(changes.name ?? '');
      }
      throw error;
    }
  }

  /** Positions are unique DEFERRABLE, so kept phases can swap places within the statement sequence. */
  async replacePhases(workflowId: string, phases: Array<{ id?: string; name: string; description?: string; position: number }>): Promise<void> {
    const kept = phases.filter((p) => p.id).map((p) => p.id!);
    await this.query(`delete from workflow_phases where organization_id = $1 and workflow_id = $2 and not (id = any($3::uuid[]))`, [
      this.org,
      workflowId,
      kept,
    ]);
    await this.query(
      `update workflow_phases p set name = x.name, description = coalesce(x.description, p.description), position = x.position
       from jsonb_to_recordset($3::jsonb) as x(id uuid, name text, description text, position int)
       where p.organization_id = $1 and p.workflow_id = $2 and p.id = x.id`,
      [this.org, workflowId, JSON.stringify(phases.filter((p) => p.id))],
    );
    const added = phases.filter((p) => !p.id);
    if (added.length) {
      await this.query(
        `insert into workflow_phases (organization_id, workflow_id, name, description, position)
         select $1, $2, x.name, coalesce(x.description, ''), x.position
         from jsonb_to_recordset($3::jsonb) as x(name text, description text, position int)`,
        [this.org, workflowId, JSON.stringify(added)],
      );
    }
  }

  async bumpVersion(id: string): Promise<void> {
    await this.query('update workflows set version = version + 1 where organization_id = $1 and id = $2', [this.org, id]);
  }

  async delete(id: string): Promise<void> {
    await this.query('delete from workflows where organization_id = $1 and id = $2', [this.org, id]);
  }

  async progressByPhase(workflowIds: string[]): Promise<Map<string, Map<string | null, Progress>>> {
    const rows = await this.query<{ workflow_id: string; phase_id: string | null; status: TaskStatus; n: number; estimate: number }>(
      `select workflow_id, phase_id, status, count(*)::int as n, coalesce(sum(estimate), 0)::float8 as estimate
       from tasks where organization_id = $1 and workflow_id = any($2::uuid[]) and deleted_at is null
       group by workflow_id, phase_id, status`,
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
    const rows = await this.query<Record<string, number | string | null> & { phase_id: string | null; overall: boolean }>(
      `select phase_id, grouping(phase_id) = 1 as overall, count(*)::int as completed,
         avg(extract(epoch from completed_at - created_at))::float8 as lead_avg,
         percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at))::float8 as lead_p50,
         percentile_cont(0.85) within group (order by extract(epoch from completed_at - created_at))::float8 as lead_p85,
         avg(extract(epoch from completed_at - started_at))::float8 as cycle_avg,
         percentile_cont(0.5) within group (order by extract(epoch from completed_at - started_at))::float8 as cycle_p50,
         percentile_cont(0.85) within group (order by extract(epoch from completed_at - started_at))::float8 as cycle_p85
       from tasks
       where organization_id = $1 and workflow_id = $2 and status = 'done' and deleted_at is null
         and completed_at >= $3 and completed_at < $4
       group by grouping sets ((phase_id), ())`,
      [this.org, workflowId, since, until],
    );
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
