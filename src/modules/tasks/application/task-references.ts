import { Injectable } from '@nestjs/common';
import { DomainError } from '@switchyard/core';
import { MembersService } from '../../organizations';
import { ORGANIZATIONS } from '../../organizations/domain/organizations.errors';
import { ProjectDirectory } from '../../projects';
import {
  AgentNotAvailableError,
  AssigneeNotMemberError,
  ParentNotFoundError,
  ProjectNotFoundError,
  TaskDeletedError,
  WorkflowMismatchError,
  WorkflowNotFoundError,
} from '../domain/task.errors';
import { Assignee } from '../domain/task.types';
import { AgentDirectoryRegistry } from './agent-directory';
import { TaskRepository } from './task.repository';
import { WorkflowRepository } from './workflow.repository';

export interface WorkflowPlacement {
  workflowId: string | null;
  phaseId: string | null;
}

/**
 * Checks what a task points at, for the current organization: the project, the parent (a live
 * task of the same project), the workflow and phase (of the same project), and a user assignee
 * (a member) or an agent assignee (an active agent of the organization, asked of the agents module
 * through AgentDirectory). Another tenant's ids are simply not found. Answers are memoized per
 * instance, so a bulk request asks once per distinct id.
 */
@Injectable()
export class TaskReferences {
  constructor(
    private readonly projects: ProjectDirectory,
    private readonly members: MembersService,
    private readonly tasks: TaskRepository,
    private readonly workflows: WorkflowRepository,
    private readonly agents: AgentDirectoryRegistry,
  ) {}

  /** A fresh memo for one request (services are singletons). */
  session(): TaskReferenceCheck {
    return new TaskReferenceCheck(this.projects, this.members, this.tasks, this.workflows, this.agents);
  }
}

export class TaskReferenceCheck {
  private readonly projectExists = new Map<string, Promise<boolean>>();
  private readonly memberExists = new Map<string, Promise<boolean>>();
  private readonly agentAvailable = new Map<string, Promise<boolean>>();
  private readonly workflowOf = new Map<string, Promise<{ projectId: string; phases: Set<string> } | undefined>>();

  constructor(
    private readonly projects: ProjectDirectory,
    private readonly members: MembersService,
    private readonly tasks: TaskRepository,
    private readonly workflows: WorkflowRepository,
    private readonly agents: AgentDirectoryRegistry,
  ) {}

  async project(projectId: string): Promise<DomainError | undefined> {
    if (!this.projectExists.has(projectId)) this.projectExists.set(projectId, this.projects.exists(projectId));
    return (await this.projectExists.get(projectId)) ? undefined : new ProjectNotFoundError(projectId);
  }

  async assignee(assignee: Assignee | null | undefined, field = 'assignee'): Promise<DomainError | undefined> {
    if (!assignee) return undefined;
    if (assignee.type === 'agent') {
      if (!this.agentAvailable.has(assignee.id)) this.agentAvailable.set(assignee.id, this.agents.isActiveAgent(assignee.id));
      return (await this.agentAvailable.get(assignee.id)) ? undefined : new AgentNotAvailableError(assignee.id, field);
    }
    if (!this.memberExists.has(assignee.id)) this.memberExists.set(assignee.id, this.isMember(assignee.id));
    return (await this.memberExists.get(assignee.id)) ? undefined : new AssigneeNotMemberError(assignee.id, field);
  }

  /** Only "no such member" means false; any other failure (the database's included) propagates, never a 422. */
  private isMember(userId: string): Promise<boolean> {
    return this.members.get(userId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof DomainError && error.code === ORGANIZATIONS.MEMBER_NOT_FOUND.code) return false;
        throw error;
      },
    );
  }

  /** The parent must be a live task of the same project (another project's or tenant's: 404). */
  async parent(projectId: string, parentId: string): Promise<DomainError | undefined> {
    const parent = await this.tasks.findById(parentId);
    if (!parent || parent.projectId !== projectId) return new ParentNotFoundError(parentId);
    if (parent.deletedAt) return new TaskDeletedError(parentId);
    return undefined;
  }

  /**
   * Where a task sits in a workflow after a change. A phase implies its workflow; a new workflow
   * without a phase clears the phase; `null` detaches.
   */
  async placement(projectId: string, current: WorkflowPlacement, change: Partial<WorkflowPlacement>): Promise<WorkflowPlacement | DomainError> {
    let workflowId = change.workflowId !== undefined ? change.workflowId : current.workflowId;
    let phaseId =
      change.phaseId !== undefined ? change.phaseId : change.workflowId !== undefined && change.workflowId !== current.workflowId ? null : current.phaseId;
    if (workflowId === null && change.phaseId === undefined) phaseId = null;
    if (phaseId && !workflowId) {
      const owner = await this.workflows.workflowOfPhase(phaseId);
      if (!owner) return new WorkflowNotFoundError(phaseId, 'Phase');
      workflowId = owner;
    }
    if (!workflowId) return { workflowId: null, phaseId: null };
    if (!this.workflowOf.has(workflowId)) {
      this.workflowOf.set(
        workflowId,
        this.workflows.findById(workflowId).then((w) => (w ? { projectId: w.projectId, phases: new Set(w.phases.map((p) => p.id)) } : undefined)),
      );
    }
    const workflow = await this.workflowOf.get(workflowId);
    if (!workflow) return new WorkflowNotFoundError(workflowId);
    if (workflow.projectId !== projectId) {
      return new WorkflowMismatchError(`Workflow ${workflowId} belongs to another project than the task`, { workflowId, projectId });
    }
    if (phaseId && !workflow.phases.has(phaseId)) {
      return new WorkflowMismatchError(`Phase ${phaseId} is not a phase of workflow ${workflowId}`, { workflowId, phaseId });
    }
    return { workflowId, phaseId };
  }
}
