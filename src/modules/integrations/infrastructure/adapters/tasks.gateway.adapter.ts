import { Injectable } from '@nestjs/common';
import { Actor, DomainError } from '@switchyard/core';
import { ClsService } from 'nestjs-cls';
import { Priority, Task, TasksService, TaskStatus } from '../../../tasks';
import { TaskView, TasksGateway } from '../../application/ports';

/** The tasks module's front door, as the processors need it; its rule refusals come back as `{ refused }`. */
@Injectable()
export class TasksGatewayAdapter extends TasksGateway {
  constructor(
    private readonly tasks: TasksService,
    private readonly cls: ClsService,
  ) {
    super();
  }

  async get(id: string): Promise<TaskView | undefined> {
    try {
      return view(await this.tasks.get(id));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  async findByNumber(projectId: string, number: number): Promise<TaskView | undefined> {
    const task = await this.tasks.findByNumber(projectId, number);
    return task ? view(task) : undefined;
  }

  async create(input: {
    projectId: string;
    title: string;
    description?: string;
    status?: string;
    priority?: string;
    metadata?: Record<string, unknown>;
  }): Promise<TaskView> {
    const task = await this.tasks.create(this.actor(), {
      projectId: input.projectId,
      title: input.title,
      description: input.description,
      priority: input.priority as Priority | undefined,
      metadata: input.metadata,
    });
    return view(task);
  }

  async update(
    id: string,
    version: number,
    changes: { title?: string; description?: string; status?: string; priority?: string },
  ): Promise<TaskView | { refused: string }> {
    try {
      const task = await this.tasks.update(this.actor(), id, {
        version,
        title: changes.title,
        description: changes.description,
        status: changes.status as TaskStatus | undefined,
        priority: changes.priority as Priority | undefined,
      });
      return view(task);
    } catch (error) {
      // A rule of the tasks module (a transition it does not allow): recorded in the outcome, not retried.
      if (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'unprocessable')) return { refused: error.message };
      throw error;
    }
  }

  private actor(): Actor {
    const actor = this.cls.get<Actor | undefined>('actor');
    if (!actor) throw new Error('No actor in the integration job context');
    return actor;
  }
}

function view(task: Task): TaskView {
  return {
    id: task.id,
    projectId: task.projectId,
    number: task.number,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    version: task.version,
  };
}
