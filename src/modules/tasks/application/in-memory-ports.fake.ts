import { NotFoundError, Page } from '@switchyard/core';
import { MembersService } from '../../organizations';
import { ORGANIZATIONS } from '../../organizations/domain/organizations.errors';
import { ProjectDirectory } from '../../projects';
import { Task } from '../domain/task';
import { Workflow } from '../domain/workflow';
import { TaskChangeLog } from './task-change-log';
import { NewTask, TaskRepository } from './task.repository';
import { WorkflowRepository } from './workflow.repository';

/*
 * In-memory stand-ins for the ports the reference checks and the bulk planning use, for unit
 * specs without a database. Only what those use is implemented; the rest throws.
 */

const notUsed = (): never => {
  throw new Error('not used by these specs');
};

export class InMemoryTaskRepository extends TaskRepository {
  readonly rows = new Map<string, Task>();
  saved: Task[][] = [];
  inserted: NewTask[][] = [];

  add(task: Partial<Task> & Pick<Task, 'id' | 'projectId'>): Task {
    const row: Task = {
      organizationId: 'org',
      number: this.rows.size + 1,
      parentId: null,
      workflowId: null,
      phaseId: null,
      title: task.id,
      description: '',
      type: 'task',
      status: 'backlog',
      priority: 'none',
      assignee: null,
      reporter: null,
      labels: [],
      estimate: null,
      actualMinutes: null,
      dueDate: null,
      startedAt: null,
      completedAt: null,
      retryCount: 0,
      maxRetries: 0,
      metadata: {},
      deletedAt: null,
      version: 1,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...task,
    };
    this.rows.set(row.id, row);
    return row;
  }

  async findById(id: string): Promise<Task | undefined> {
    return this.rows.get(id);
  }

  async findByNumber(projectId: string, number: number): Promise<Task | undefined> {
    return [...this.rows.values()].find((task) => task.projectId === projectId && task.number === number && !task.deletedAt);
  }

  async findManyForUpdate(ids: string[]): Promise<Task[]> {
    return [...ids].sort().flatMap((id) => this.rows.get(id) ?? []);
  }

  async insert(tasks: NewTask[]): Promise<Task[]> {
    this.inserted.push(tasks);
    return tasks.map((task) => this.add({ ...task, startedAt: task.startedAt ?? null, completedAt: task.completedAt ?? null }));
  }

  async save(tasks: Task[]): Promise<Task[]> {
    this.saved.push(tasks);
    return tasks.map((task) => this.add({ ...task, version: task.version + 1 }));
  }

  list(): Promise<Page<Task>> {
    return notUsed();
  }

  deletionIdOf(): Promise<string | undefined> {
    return notUsed();
  }
}

export class InMemoryWorkflowRepository extends WorkflowRepository {
  readonly rows = new Map<string, Workflow>();
  findByIdCalls = 0;

  add(id: string, projectId: string, phaseIds: string[]): Workflow {
    const workflow: Workflow = {
      id,
      organizationId: 'org',
      projectId,
      name: id,
      description: '',
      version: 1,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      phases: phaseIds.map((phaseId, position) => ({ id: phaseId, name: phaseId, description: '', position })),
    };
    this.rows.set(id, workflow);
    return workflow;
  }

  async findById(id: string): Promise<Workflow | undefined> {
    this.findByIdCalls += 1;
    return this.rows.get(id);
  }

  async workflowOfPhase(phaseId: string): Promise<string | undefined> {
    return [...this.rows.values()].find((w) => w.phases.some((p) => p.id === phaseId))?.id;
  }

  insert = notUsed;
  list = notUsed;
  update = notUsed;
  replacePhases = notUsed;
  bumpVersion = notUsed;
  delete = notUsed;
  progressByPhase = notUsed;
  metrics = notUsed;
}

/** Projects that exist. */
export function projectsOf(...ids: string[]): ProjectDirectory {
  return { exists: async (id: string) => ids.includes(id) } as ProjectDirectory;
}

/** Members by user id, as MembersService.get answers: the member, or its not-found error. `failure` replaces every answer. */
export function membersOf(ids: string[], failure?: Error): MembersService {
  return {
    get: async (id: string) => {
      if (failure) throw failure;
      if (!ids.includes(id)) throw new NotFoundError(ORGANIZATIONS.MEMBER_NOT_FOUND, 'Member', id);
      return { userId: id };
    },
  } as unknown as MembersService;
}

/** Records what would be logged. */
export class RecordingChangeLog {
  created: Task[][] = [];
  changed: Array<Array<{ before: Task; after: Task }>> = [];

  asChangeLog(): TaskChangeLog {
    return {
      created: async (_actor: unknown, tasks: Task[]) => void this.created.push(tasks),
      changed: async (_actor: unknown, pairs: Array<{ before: Task; after: Task }>) => void this.changed.push(pairs),
    } as unknown as TaskChangeLog;
  }
}
