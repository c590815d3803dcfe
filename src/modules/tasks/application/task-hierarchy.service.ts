import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { Progress } from '../domain/task';
import { TaskDeletedError, TaskNotFoundError } from '../domain/task.errors';
import { DescendantQuery, TaskTreeRepository, TreeNode, TreeNodeView } from './task-tree.repository';
import { TaskRepository } from './task.repository';

export interface TaskProgress {
  taskId: string;
  /** Direct children ("3 of 5 sub-tasks done"). */
  children: Progress;
  /** Leaves of the whole subtree: the work itself, without double-counting the containers. */
  leaves: Progress;
  descendants: number;
}

/** Reads of the hierarchy: path to the root, subtree, progress roll-up. Moves are in TasksService. */
@Injectable()
export class TaskHierarchyService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly tree: TaskTreeRepository,
  ) {}

  async ancestors(id: string, limit: number): Promise<{ items: TreeNode[]; truncated: boolean }> {
    await this.existing(id);
    const items = await this.tree.ancestorsOf(id, limit + 1);
    return { items: items.slice(0, limit), truncated: items.length > limit };
  }

  async descendants(id: string, query: DescendantQuery): Promise<Page<TreeNodeView>> {
    const task = await this.existing(id);
    if (task.deletedAt) throw new TaskDeletedError(id);
    return this.tree.descendantsOf(id, query);
  }

  async progress(id: string): Promise<TaskProgress> {
    await this.existing(id);
    return { taskId: id, ...(await this.tree.progressOf(id)) };
  }

  private async existing(id: string) {
    const task = await this.tasks.findById(id);
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }
}
