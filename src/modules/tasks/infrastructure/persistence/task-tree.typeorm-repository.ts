import { Injectable } from '@nestjs/common';
import { Page, ValidationFailedError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, encodeCursor } from '@switchyard/http';
import { DescendantQuery, TaskTreeRepository, TreeNode, TreeNodeView } from '../../application/task-tree.repository';
import { fromCounts, Progress } from '../../domain/task';
import { TASK_STATUSES, TaskStatus } from '../../domain/task.types';
import { TaskEntity } from './task.entity';
import {
  ANCESTOR_IDS,
  ANCESTOR_NODES,
  descendantsSql,
  LOCK_HIERARCHY,
  NodeRow,
  progressSql,
  SOFT_DELETE_SUBTREE,
  SUBTREE_IDS,
  TASK_POSITION,
  toNode,
  toPartialNode,
  TREE_PATH_IDS,
  WALK_DEPTH_CAP,
} from './task-tree.sql';

const TREE_PATH_HEX = new RegExp(`^(?:[0-9a-f]{32}){1,${TREE_PATH_IDS}}$`);

/**
 * The hierarchy: parent_id is the source of truth, and the bounded materialized path kept by
 * triggers (tree_path, depth) makes a subtree one index range (task-tree.sql.ts). The restore
 * goes through the entity; walks, ranges, the subtree delete and the hot position read are SQL.
 */
@Injectable()
export class TaskTreeTypeormRepository extends TaskTreeRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  private get repo() {
    return this.transaction.manager.getRepository(TaskEntity);
  }

  async lock(): Promise<void> {
    await this.transaction.query(LOCK_HIERARCHY, [this.org]);
  }

  /** Where a task sits: its absolute depth and tree path (undefined for an unknown id). */
  private async position(id: string): Promise<{ depth: number; treePath: Buffer } | undefined> {
    const [row] = await this.transaction.query<{ depth: number; tree_path: Buffer }>(TASK_POSITION, [this.org, id]);
    return row && { depth: row.depth, treePath: row.tree_path };
  }

  async ancestorIds(id: string, limit: number): Promise<string[]> {
    const rows = await this.transaction.query<{ id: string }>(ANCESTOR_IDS, [this.org, id, Math.min(limit, WALK_DEPTH_CAP)]);
    return rows.map((r) => r.id);
  }

  async ancestorsOf(id: string, limit: number): Promise<TreeNode[]> {
    const rows = await this.transaction.query<NodeRow>(ANCESTOR_NODES, [this.org, id, Math.min(limit, WALK_DEPTH_CAP)]);
    return rows.map(toNode);
  }

  /** In tree order (TaskTreeRepository.descendantsOf): one index range, or a walk below TREE_PATH_IDS levels. */
  async descendantsOf(id: string, query: DescendantQuery): Promise<Page<TreeNodeView>> {
    const node = await this.position(id);
    if (!node) return { items: [], nextCursor: null };
    const maxDepth = node.depth + Math.min(query.maxDepth ?? WALK_DEPTH_CAP, WALK_DEPTH_CAP);
    const params: unknown[] = [this.org, id, node.depth, maxDepth];
    const p = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    if (query.status?.length) filters.push(`d.status = any(${p(query.status)}::text[])`);
    if (query.type?.length) filters.push(`d.type = any(${p(query.type)}::text[])`);
    if (query.assigneeId) filters.push(`d.assignee_id = ${p(query.assigneeId)}::uuid`);
    if (query.cursor) {
      const [path, depth, lastId] = decodeCursor(query.cursor, 3);
      // Checked here: decode() of a tampered path would fail as a server error, not a 400.
      if (typeof path !== 'string' || !TREE_PATH_HEX.test(path))
        throw new ValidationFailedError([{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
      filters.push(`(d.tree_path, d.depth, d.id) > (decode(${p(path)}, 'hex'), ${p(depth)}::int, ${p(lastId)}::uuid)`);
    }
    const limit = p(query.limit + 1);
    const path = node.depth < TREE_PATH_IDS ? p(node.treePath) : undefined;
    const rows = await this.transaction.query<NodeRow>(descendantsSql(filters, limit, path, query.fields), params);
    const fields = query.fields;
    const map = fields ? (row: NodeRow) => toPartialNode(row, fields) : toNode;
    if (rows.length <= query.limit) return { items: rows.map(map), nextCursor: null };
    // The cursor is the last task's position; read for that one task rather than shipped with every row.
    const items = rows.slice(0, query.limit);
    const lastId = items[items.length - 1].id;
    const last = (await this.position(lastId))!;
    return { items: items.map(map), nextCursor: encodeCursor([last.treePath.toString('hex'), last.depth, lastId]) };
  }

  async subtreeIds(id: string): Promise<string[]> {
    const rows = await this.transaction.query<{ id: string }>(SUBTREE_IDS, [this.org, id, WALK_DEPTH_CAP]);
    return rows.map((r) => r.id);
  }

  async progressOf(id: string): Promise<{ children: Progress; leaves: Progress; descendants: number }> {
    const node = await this.position(id);
    if (!node) return { children: fromCounts(noTasks(), 0, 0), leaves: fromCounts(noTasks(), 0, 0), descendants: 0 };
    const byRange = node.depth < TREE_PATH_IDS;
    const rows = await this.transaction.query<{
      status: TaskStatus;
      total: number;
      children: number;
      leaves: number;
      child_estimate: number;
      leaf_estimate: number;
    }>(progressSql(byRange), byRange ? [this.org, node.depth, node.treePath] : [this.org, id, WALK_DEPTH_CAP]);
    const progress = (count: 'children' | 'leaves', estimate: 'child_estimate' | 'leaf_estimate') => {
      const byStatus = noTasks();
      let estimateTotal = 0;
      let estimateDone = 0;
      for (const row of rows) {
        byStatus[row.status] = row[count];
        if (row.status !== 'cancelled') estimateTotal += row[estimate];
        if (row.status === 'done') estimateDone += row[estimate];
      }
      return fromCounts(byStatus, estimateTotal, estimateDone);
    };
    return {
      children: progress('children', 'child_estimate'),
      leaves: progress('leaves', 'leaf_estimate'),
      descendants: rows.reduce((sum, row) => sum + row.total, 0),
    };
  }

  async softDeleteSubtree(id: string, deletionId: string): Promise<string[]> {
    const rows = await this.transaction.query<{ id: string }>(SOFT_DELETE_SUBTREE, [this.org, id, deletionId, WALK_DEPTH_CAP]);
    return rows.map((r) => r.id);
  }

  async restoreDeletion(deletionId: string): Promise<string[]> {
    // The version column is bumped by TypeORM's update (VersionColumn).
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ deletedAt: null, deletionId: null })
      .where('organization_id = :org and deletion_id = :deletionId', { org: this.org, deletionId })
      .returning('id')
      .execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }
}

function noTasks(): Record<TaskStatus, number> {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
}
