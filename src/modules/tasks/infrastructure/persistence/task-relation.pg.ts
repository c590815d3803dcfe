import { Injectable } from '@nestjs/common';
import { queryRows } from './sql';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { RelationFromTask, TaskRelation, TaskRelationRepository } from '../../application/task-relation.repository';
import { Edge } from '../../domain/task-graph';
import { DuplicateRelationError } from '../../domain/task.errors';
import { RelationType, RelationView, TaskStatus } from '../../domain/task.types';
import { lockKey } from './task.row';

interface RelationRow {
  id: string;
  type: RelationType;
  source_id: string;
  target_id: string;
  created_at: Date;
}

/** One step of a dependency walk; the OFFSET 0 fence keeps it an index probe per node (see task-tree.pg.ts). */
const BLOCKED_BY = (walk: string) =>
  `select x.target_id from task_relations x where x.organization_id = $1 and x.source_id = ${walk}.id and x.type = 'blocks' offset 0`;

const INVERSE: Record<RelationType, RelationView> = { blocks: 'blocked_by', relates_to: 'relates_to', duplicates: 'duplicated_by' };

/**
 * Relations are stored once, in their forward direction (`blocks`: blocker → blocked).
 * Reading them from the other end gives the inverse views; nothing is stored twice.
 */
@Injectable()
export class TaskRelationPgRepository extends TaskRelationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return queryRows<T>(this.transaction.manager, sql, params);
  }

  async lockDependencies(): Promise<void> {
    await this.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockKey('dependencies', this.org)]);
  }

  async listFor(taskId: string): Promise<RelationFromTask[]> {
    const rows = await this.query<RelationRow & { other_id: string; title: string; status: TaskStatus; project_id: string; deleted_at: Date | null }>(
      `select r.id, r.type, r.source_id, r.target_id, r.created_at, o.id as other_id, o.title, o.status, o.project_id, o.deleted_at
       from task_relations r
       join tasks o on o.organization_id = r.organization_id
         and o.id = case when r.source_id = $2 then r.target_id else r.source_id end
       where r.organization_id = $1 and (r.source_id = $2 or r.target_id = $2)
       order by r.created_at, r.id`,
      [this.org, taskId],
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.source_id === taskId ? row.type : INVERSE[row.type],
      task: { id: row.other_id, title: row.title, status: row.status, projectId: row.project_id, deletedAt: row.deleted_at },
      createdAt: row.created_at,
    }));
  }

  async find(taskId: string, relationId: string): Promise<TaskRelation | undefined> {
    const [row] = await this.query<RelationRow>(
      `select id, type, source_id, target_id, created_at from task_relations
       where organization_id = $1 and id = $2 and (source_id = $3 or target_id = $3)`,
      [this.org, relationId, taskId],
    );
    return row ? toRelation(row) : undefined;
  }

  async findPair(type: RelationType, a: string, b: string): Promise<TaskRelation | undefined> {
    const [row] = await this.query<RelationRow>(
      `select id, type, source_id, target_id, created_at from task_relations
       where organization_id = $1 and type = $2
         and least(source_id, target_id) = least($3::uuid, $4::uuid) and greatest(source_id, target_id) = greatest($3::uuid, $4::uuid)`,
      [this.org, type, a, b],
    );
    return row ? toRelation(row) : undefined;
  }

  /** UNION (not UNION ALL) visits each task once, so the walk ends on any graph; EXISTS stops at the first hit. */
  async blocksPathExists(from: string, to: string): Promise<boolean> {
    const [row] = await this.query<{ found: boolean }>(
      `with recursive r(id) as (
         select $2::uuid
         union
         select x.target_id from r cross join lateral (${BLOCKED_BY('r')}) x
       )
       select exists (select 1 from r where r.id = $3::uuid) as found`,
      [this.org, from, to],
    );
    return row.found;
  }

  async blocksEdgesReachableFrom(from: string, limit: number): Promise<Edge[]> {
    const rows = await this.query<{ source_id: string; target_id: string }>(
      `with recursive r(id) as (
         select $2::uuid
         union
         select x.target_id from r cross join lateral (${BLOCKED_BY('r')}) x
       )
       select x.source_id, x.target_id from task_relations x
       where x.organization_id = $1 and x.type = 'blocks' and x.source_id in (select id from r)
       limit $3`,
      [this.org, from, limit],
    );
    return rows.map((r) => [r.source_id, r.target_id] as const);
  }

  async insert(relation: { type: RelationType; sourceId: string; targetId: string; createdBy: { type: string; id: string | null } }): Promise<TaskRelation> {
    try {
      const [row] = await this.query<RelationRow>(
        `insert into task_relations (organization_id, type, source_id, target_id, created_by_type, created_by_id)
         values ($1, $2, $3, $4, $5, $6) returning id, type, source_id, target_id, created_at`,
        [this.org, relation.type, relation.sourceId, relation.targetId, relation.createdBy.type, relation.createdBy.id],
      );
      return toRelation(row);
    } catch (error) {
      // A concurrent request added the same pair first (relates_to/duplicates take no lock).
      if (violatedConstraint(error, '23505') === 'task_relations_pair_key') {
        throw new DuplicateRelationError();
      }
      throw error;
    }
  }

  async delete(relationId: string): Promise<void> {
    await this.query('delete from task_relations where organization_id = $1 and id = $2', [this.org, relationId]);
  }
}

function toRelation(row: RelationRow): TaskRelation {
  return { id: row.id, type: row.type, sourceId: row.source_id, targetId: row.target_id, createdAt: row.created_at };
}
