import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor } from '@switchyard/core';
import { SecretBox } from '@switchyard/crypto';
import { EventLog } from '@switchyard/events';
import { JobQueue } from '@switchyard/jobs';
import { OrganizationService } from '../../../organizations';
import { AgentDirectory, ReadyQueueService, TasksService } from '../../../tasks';
import { AgentRepository } from '../../application/agent.repository';
import {
  AgentAudit,
  AgentAuditEntry,
  AgentEvents,
  AgentLimits,
  BoardTask,
  CredentialSealer,
  OrganizationLimitsReader,
  RunScheduler,
  TaskBoard,
} from '../../application/collaborators';
import { PullRequestLink } from '../../domain/agent-run';

export const AGENT_RUN_QUEUE = 'agent-runs';

export interface AgentRunJob {
  runId: string;
  step: number;
}

/** The worker's next step on the durable queue, in the current transaction. */
@Injectable()
export class JobQueueRunScheduler extends RunScheduler {
  constructor(private readonly queue: JobQueue) {
    super();
  }

  async schedule(runId: string, step: number, at: Date): Promise<void> {
    await this.queue.send<AgentRunJob>(AGENT_RUN_QUEUE, { runId, step }, { runAt: at, maxAttempts: 5, backoffMs: 2000 });
  }
}

@Injectable()
export class SecretBoxSealer extends CredentialSealer {
  constructor(private readonly box: SecretBox) {
    super();
  }

  seal(plaintext: string, associatedData: string): { sealed: string; keyId: string } {
    const sealed = this.box.seal(plaintext, associatedData);
    return { sealed, keyId: sealed.split(':')[1] };
  }

  open(sealed: string, associatedData: string): string {
    return this.box.open(sealed, associatedData);
  }
}

@Injectable()
export class AuditTrailAgentAudit extends AgentAudit {
  constructor(private readonly audit: AuditTrail) {
    super();
  }

  record(entry: AgentAuditEntry): Promise<void> {
    return this.audit.record({ ...entry, organizationId: entry.actor?.organizationId });
  }
}

/** Notable facts of the module, into the platform's event log (in the caller's transaction). */
@Injectable()
export class EventLogAgentEvents extends AgentEvents {
  constructor(private readonly events: EventLog) {
    super();
  }

  publish(type: string, entityId: string, payload: Record<string, unknown>, taskId?: string | null): Promise<void> {
    const failed = type.endsWith('.failed');
    return this.events.publish({
      type: type.replace(/^agent\./, 'agents.'),
      source: 'agents',
      target: 'codegen',
      entityType: 'agent_run',
      entityId,
      taskId: taskId ?? undefined,
      severity: failed ? 'warning' : 'info',
      payload,
    });
  }
}

@Injectable()
export class OrganizationLimitsAdapter extends OrganizationLimitsReader {
  constructor(private readonly organizations: OrganizationService) {
    super();
  }

  async current(): Promise<AgentLimits> {
    return (await this.organizations.current()).limits as AgentLimits;
  }
}

/** The tasks module's front door, as agents use it. */
@Injectable()
export class TasksBoard extends TaskBoard {
  constructor(
    private readonly tasks: TasksService,
    private readonly queue: ReadyQueueService,
  ) {
    super();
  }

  async find(taskId: string): Promise<BoardTask | undefined> {
    try {
      const task = await this.tasks.get(taskId);
      return task.deletedAt ? undefined : toBoardTask(task);
    } catch (error) {
      if ((error as { code?: string }).code === 'TASKS.TASK_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async claimNext(actor: Actor, agentId: string, filter: { projectId?: string; types?: string[]; labels?: string[] }): Promise<BoardTask | null> {
    const task = await this.queue.claim(actor, { ...filter, assignee: { type: 'agent', id: agentId } });
    return task ? toBoardTask(task) : null;
  }

  async handOff(actor: Actor, taskId: string, agentId: string): Promise<BoardTask> {
    return toBoardTask(await this.queue.handOff(actor, taskId, { type: 'agent', id: agentId }));
  }

  async submitForReview(actor: Actor, taskId: string, agentId: string, runId: string, pullRequests: PullRequestLink[]): Promise<void> {
    if (!(await this.heldBy(taskId, agentId))) return;
    await this.queue.submitForReview(actor, taskId, { agentRun: { runId, agentId, pullRequests } });
  }

  async giveBack(actor: Actor, taskId: string, agentId: string, outcome: 'failed' | 'released', reason: string): Promise<void> {
    if (!(await this.heldBy(taskId, agentId))) return;
    await this.queue.release(actor, taskId, outcome, reason);
  }

  /** Still in progress with this agent: a task someone moved or reassigned meanwhile is left alone. */
  private async heldBy(taskId: string, agentId: string): Promise<boolean> {
    const task = await this.find(taskId);
    return !!task && task.status === 'in_progress' && task.assignee?.type === 'agent' && task.assignee.id === agentId;
  }
}

function toBoardTask(task: {
  id: string;
  projectId: string;
  title: string;
  description: string;
  type: string;
  status: string;
  labels: string[];
  assignee: { type: string; id: string } | null;
}): BoardTask {
  return {
    id: task.id,
    projectId: task.projectId,
    title: task.title,
    description: task.description,
    type: task.type,
    status: task.status,
    labels: task.labels,
    assignee: task.assignee,
  };
}

/**
 * Answers the tasks module's assignee check: the agent exists in the organization and is active,
 * its row share-locked so a deactivation committing meanwhile cannot leave the task assigned to it.
 */
@Injectable()
export class AgentsAssigneeDirectory extends AgentDirectory {
  constructor(private readonly agents: AgentRepository) {
    super();
  }

  async isActiveAgent(agentId: string): Promise<boolean> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(agentId)) return false;
    return this.agents.isActiveLocked(agentId);
  }
}
