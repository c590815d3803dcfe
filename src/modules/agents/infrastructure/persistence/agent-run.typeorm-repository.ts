import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { keysetPage } from '@switchyard/http';
import { AgentRunRepository, NewRun, RunQuery, RunStats } from '../../application/agent-run.repository';
import { AgentRun, PullRequestLink, RunStatus, SourceType } from '../../domain/agent-run';
import { AgentRunEntity } from './agent-run.entity';
import { LOCK_ORGANIZATION_RUNS, OLDEST_QUEUED, OPEN_COUNT, RUN_BY_ID, RUN_STATS, RUNNING_COUNTS, SPEND_SINCE } from './agent.sql';

@Injectable()
export class AgentRunTypeormRepository extends AgentRunRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(AgentRunEntity);
  }

  async insert(run: NewRun): Promise<AgentRun> {
    await this.repo.insert({
      ...run,
      organizationId: this.transaction.organizationId,
      estimatedCostUsd: String(run.estimatedCostUsd),
    } as QueryDeepPartialEntity<AgentRunEntity>);
    return (await this.find(run.id))!;
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<AgentRun | undefined> {
    const [row] = await this.transaction.query<AgentRunEntity>(RUN_BY_ID(!!options.lock), [this.transaction.organizationId, id]);
    return row ? toRun(row) : undefined;
  }

  async list(query: RunQuery): Promise<Page<AgentRun>> {
    const builder = this.repo.createQueryBuilder('r').where('r.organization_id = :organizationId', { organizationId: this.transaction.organizationId });
    if (query.agentId) builder.andWhere('r.agent_id = :agentId', { agentId: query.agentId });
    if (query.taskId) builder.andWhere('r.task_id = :taskId', { taskId: query.taskId });
    if (query.status?.length) builder.andWhere('r.status in (:...status)', { status: query.status });
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'DESC' }, toRun);
  }

  async save(run: AgentRun): Promise<AgentRun> {
    const { id, organizationId: _o, createdAt: _c, updatedAt: _u, version, ...rest } = run;
    await this.repo.update({ organizationId: this.transaction.organizationId, id }, {
      ...rest,
      version: version + 1,
      estimatedCostUsd: String(run.estimatedCostUsd),
      reportedCostUsd: run.reportedCostUsd === null ? null : String(run.reportedCostUsd),
      pullRequests: run.pullRequests,
    } as QueryDeepPartialEntity<AgentRunEntity>);
    return (await this.find(id))!;
  }

  async lockOrganization(): Promise<void> {
    await this.transaction.query(LOCK_ORGANIZATION_RUNS, [this.transaction.organizationId]);
  }

  async spendSince(since: Date, agentId: string): Promise<{ organizationUsd: number; agentUsd: number }> {
    const [row] = await this.transaction.query<{ organization_usd: number; agent_usd: number }>(SPEND_SINCE, [this.transaction.organizationId, since, agentId]);
    return { organizationUsd: Number(row.organization_usd), agentUsd: Number(row.agent_usd) };
  }

  async runningCounts(agentId: string): Promise<{ organization: number; agent: number }> {
    const [row] = await this.transaction.query<{ organization: number; agent: number }>(RUNNING_COUNTS, [this.transaction.organizationId, agentId]);
    return row;
  }

  async openCount(agentId: string): Promise<number> {
    const [row] = await this.transaction.query<{ n: number }>(OPEN_COUNT, [this.transaction.organizationId, agentId]);
    return row.n;
  }

  oldestQueued(limit: number): Promise<Array<{ id: string; step: number }>> {
    return this.transaction.query(OLDEST_QUEUED, [this.transaction.organizationId, limit]);
  }

  async stats(from: Date, to: Date, agentId?: string): Promise<RunStats[]> {
    const params: unknown[] = [this.transaction.organizationId, from, to];
    if (agentId) params.push(agentId);
    const rows = await this.transaction.query<{
      agent_id: string | null;
      runs: number;
      completed: number;
      failed: number;
      cancelled: number;
      open: number;
      p50: number | null;
      p95: number | null;
      estimated_cost_usd: number;
      reported_cost_usd: number | null;
      completed_tasks: number;
    }>(RUN_STATS(!!agentId), params);
    return rows.map((r) => ({
      agentId: r.agent_id,
      runs: r.runs,
      completed: r.completed,
      failed: r.failed,
      cancelled: r.cancelled,
      open: r.open,
      durationP50Ms: r.p50 === null ? null : Math.round(Number(r.p50)),
      durationP95Ms: r.p95 === null ? null : Math.round(Number(r.p95)),
      estimatedCostUsd: Number(r.estimated_cost_usd),
      reportedCostUsd: r.reported_cost_usd === null ? null : Number(r.reported_cost_usd),
      completedTasks: r.completed_tasks,
    }));
  }
}

function toRun(row: AgentRunEntity): AgentRun {
  return {
    id: row.id,
    organizationId: row.organizationId,
    agentId: row.agentId,
    taskId: row.taskId,
    templateVersionId: row.templateVersionId,
    prompt: row.prompt,
    context: row.context,
    sourceType: row.sourceType as SourceType,
    status: row.status as RunStatus,
    externalRunId: row.externalRunId,
    webUrl: row.webUrl,
    result: row.result,
    summary: row.summary,
    pullRequests: row.pullRequests as PullRequestLink[],
    error: row.error,
    attempts: row.attempts,
    polls: row.polls,
    step: row.step,
    nextCheckAt: row.nextCheckAt,
    submittedAt: row.submittedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    timeoutAt: row.timeoutAt,
    estimatedInputTokens: row.estimatedInputTokens,
    estimatedOutputTokens: row.estimatedOutputTokens,
    estimatedCostUsd: Number(row.estimatedCostUsd),
    reportedTokens: row.reportedTokens,
    reportedCostUsd: row.reportedCostUsd === null ? null : Number(row.reportedCostUsd),
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
