import { IsAnyUuid } from './uuid.validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TASK_SORTS, TaskSort } from '../../application/task.repository';
import { LIMITS, PRIORITIES, Priority, READY_STATUSES, TASK_STATUSES, TASK_TYPES, TaskStatus, TaskType } from '../../domain/task.types';
import { toBoolean, toList } from './query.transforms';
import { NODE_FIELDS, NodeField } from '../../application/task-tree.repository';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Each route's wording of the shared filters; their rules are the same. */
interface TaskFilterDocs {
  assigneeType: string;
  assigneeId?: string;
  label: { example: string; description: string };
}

/** The filters the task list and the ready queue share, each declared and validated once. */
function TaskFilterQuery(docs: TaskFilterDocs) {
  class TaskFilterQuery extends PageQuery {
    @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() projectId?: string;

    @ApiPropertyOptional({ enum: ['user', 'agent', 'none'], description: docs.assigneeType })
    @IsOptional()
    @IsIn(['user', 'agent', 'none'])
    assigneeType?: 'user' | 'agent' | 'none';

    @ApiPropertyOptional({ format: 'uuid', description: docs.assigneeId }) @IsOptional() @IsAnyUuid() assigneeId?: string;

    @ApiPropertyOptional({ type: [String], ...docs.label })
    @IsOptional()
    @Transform(toList)
    @ArrayMaxSize(LIMITS.labels)
    @IsString({ each: true })
    @MaxLength(LIMITS.labelLength, { each: true })
    label?: string[];
  }
  return TaskFilterQuery;
}

export class TaskListQuery extends TaskFilterQuery({
  assigneeType: '`none`: unassigned',
  assigneeId: 'A user or agent id',
  label: { example: 'backend,webhooks', description: 'Tasks carrying every one of these labels (exact match)' },
}) {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() workflowId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() phaseId?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, example: 'todo,in_progress', description: 'One or more, comma-separated or repeated' })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ enum: PRIORITIES, isArray: true, example: 'urgent,high' })
  @IsOptional()
  @Transform(toList)
  @IsIn(PRIORITIES, { each: true })
  priority?: Priority[];

  @ApiPropertyOptional({ enum: TASK_TYPES, isArray: true, example: 'bug' })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_TYPES, { each: true })
  type?: TaskType[];

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() reporterId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Direct children of this task' }) @IsOptional() @IsAnyUuid() parentId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only tasks without a parent' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  topLevel?: boolean;

  @ApiPropertyOptional({ example: '2026-12-31', format: 'date', description: 'Due on or before' })
  @IsOptional()
  @Matches(DATE, { message: 'dueBefore must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dueBefore?: string;

  @ApiPropertyOptional({ example: '2026-12-01', format: 'date', description: 'Due on or after' })
  @IsOptional()
  @Matches(DATE, { message: 'dueAfter must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dueAfter?: string;

  @ApiPropertyOptional({ example: '2026-11-20T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  updatedSince?: Date;

  @ApiPropertyOptional({
    example: 'webhook retry -flaky',
    maxLength: 500,
    description:
      'Full-text search over title (ranked higher) and description, English stemming. Web-search syntax: "quoted phrase", `or`, `-word`; anything else is plain text.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  q?: string;

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    default: '-created',
    description: '`-` for descending; `priority` is urgent first; `relevance` (default with `q`) needs `q`',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @ApiPropertyOptional({ enum: ['exclude', 'include', 'only'], default: 'exclude', description: 'Soft-deleted tasks' })
  @IsOptional()
  @IsIn(['exclude', 'include', 'only'])
  deleted?: 'exclude' | 'include' | 'only';
}

export class ReadyQueueQuery extends TaskFilterQuery({
  assigneeType: 'Tasks assigned to a user, to an agent, or to nobody',
  label: { example: 'backend', description: 'Tasks carrying every one of these labels' },
}) {
  @ApiPropertyOptional({ enum: READY_STATUSES, isArray: true, example: 'todo', description: 'Narrow to backlog or todo' })
  @IsOptional()
  @Transform(toList)
  @IsIn(READY_STATUSES, { each: true })
  status?: TaskStatus[];
}

export class DescendantsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 1000, description: 'Nodes per page (in tree order)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit: number = 1000;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(1000) cursor?: string;

  @ApiPropertyOptional({ minimum: 1, example: 3, description: 'Stop this many levels below the task' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxDepth?: number;

  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: 'Only return nodes in these statuses (the walk still passes through the others)' })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ enum: TASK_TYPES, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_TYPES, { each: true })
  type?: TaskType[];

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() assigneeId?: string;

  @ApiPropertyOptional({
    enum: NODE_FIELDS,
    isArray: true,
    example: 'title,status',
    description: 'Only these fields of each node (id, parentId and depth always come): a lean answer for a whole subtree. All fields when absent.',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(NODE_FIELDS, { each: true })
  fields?: NodeField[];
}

export class AncestorsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 1000, description: 'At most this many ancestors, nearest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit: number = 1000;
}

export class HistoryQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'status', description: 'Only changes of this field' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  field?: string;
}
