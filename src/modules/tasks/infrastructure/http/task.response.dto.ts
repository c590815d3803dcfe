import { ApiProperty } from '@nestjs/swagger';
import { ANY_JSON_VALUE, FREE_FORM_JSON } from '@switchyard/http';
import { ASSIGNEE_TYPES, PRIORITIES, REPORTER_TYPES, RELATION_VIEWS, TASK_STATUSES, TASK_TYPES, TaskStatus } from '../../domain/task.types';

const UUID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

export class AssigneeResponse {
  @ApiProperty({ enum: ASSIGNEE_TYPES, example: 'user' }) type: string;
  @ApiProperty({ format: 'uuid', example: UUID }) id: string;
}

export class ReporterResponse {
  @ApiProperty({ enum: REPORTER_TYPES, example: 'user' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) id: string | null;
}

export class TaskResponse {
  @ApiProperty({ format: 'uuid', example: UUID }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 42, description: "Sequential in the project; with the project's taskKeyPrefix: PAY-42" }) number: number;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) workflowId: string | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) phaseId: string | null;
  @ApiProperty({ example: 'Retry webhooks with exponential backoff' }) title: string;
  @ApiProperty({ example: 'Deliveries that fail with 5xx are retried **up to 8 times**.', description: 'Markdown' }) description: string;
  @ApiProperty({ enum: TASK_TYPES, example: 'story' }) type: string;
  @ApiProperty({ enum: TASK_STATUSES, example: 'in_progress' }) status: string;
  @ApiProperty({ enum: PRIORITIES, example: 'high' }) priority: string;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) assignee: AssigneeResponse | null;
  @ApiProperty({ type: ReporterResponse, nullable: true }) reporter: ReporterResponse | null;
  @ApiProperty({ type: [String], example: ['backend', 'webhooks'] }) labels: string[];
  @ApiProperty({ nullable: true, type: Number, example: 3 }) estimate: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 240 }) actualMinutes: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2026-12-15' }) dueDate: string | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date, description: 'Set the first time the task is started' })
  startedAt: Date | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date, description: 'Set when it is done or cancelled, cleared when reopened' })
  completedAt: Date | null;
  @ApiProperty({ example: 0 }) retryCount: number;
  @ApiProperty({ example: 3 }) maxRetries: number;
  @ApiProperty({ ...FREE_FORM_JSON, example: { source: 'linear' } }) metadata: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) deletedAt: Date | null;
  @ApiProperty({ example: 4 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ClaimResponse {
  @ApiProperty({ type: TaskResponse, nullable: true, description: 'The task now assigned to the claimer and in progress; null when nothing is ready' })
  task: TaskResponse | null;
}

export class DeleteTaskResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 7, description: 'The task and its live descendants, all soft-deleted' }) deletedCount: number;
  @ApiProperty() deletedAt: Date;
}

/** A node of the hierarchy; a descendants request with `fields` gets id, parentId, depth and those fields only. */
export class TreeNodeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ example: 2, description: 'Levels away from the task asked about' }) depth: number;
  @ApiProperty({ example: 'Write the retry policy' }) title: string;
  @ApiProperty({ enum: TASK_TYPES }) type: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) assignee: AssigneeResponse | null;
  @ApiProperty({ nullable: true, type: Number, example: 2 }) estimate: number | null;
  @ApiProperty({ type: [String] }) labels: string[];
}

export class AncestorsResponse {
  @ApiProperty({ type: [TreeNodeResponse], description: 'Parent first, root last' }) items: TreeNodeResponse[];
  @ApiProperty({ example: false, description: 'True when the path is longer than `limit`' }) truncated: boolean;
}

/** One count per status: every status is always present. */
export class TaskCountsByStatus {
  @ApiProperty({ type: 'integer', example: 0 }) backlog: number;
  @ApiProperty({ type: 'integer', example: 1 }) todo: number;
  @ApiProperty({ type: 'integer', example: 1 }) in_progress: number;
  @ApiProperty({ type: 'integer', example: 0 }) in_review: number;
  @ApiProperty({ type: 'integer', example: 0 }) blocked: number;
  @ApiProperty({ type: 'integer', example: 2 }) done: number;
  @ApiProperty({ type: 'integer', example: 1 }) cancelled: number;
}

export class ProgressResponse {
  @ApiProperty({ example: 5 }) total: number;
  @ApiProperty({ type: TaskCountsByStatus, example: { backlog: 0, todo: 1, in_progress: 1, in_review: 0, blocked: 0, done: 2, cancelled: 1 } })
  byStatus: Record<TaskStatus, number>;
  @ApiProperty({ nullable: true, type: Number, example: 0.5, description: 'done ÷ (total − cancelled)' }) ratio: number | null;
  @ApiProperty({ example: 13 }) estimateTotal: number;
  @ApiProperty({ example: 5 }) estimateDone: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.3846, description: 'done estimates ÷ estimates of tasks not cancelled' }) weightedRatio:
    | number
    | null;
}

export class TaskProgressResponse {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ type: ProgressResponse, description: 'Direct children' }) children: ProgressResponse;
  @ApiProperty({ type: ProgressResponse, description: 'Leaves of the whole subtree (the actual work items)' }) leaves: ProgressResponse;
  @ApiProperty({ example: 12, description: 'Live descendants at any depth' }) descendants: number;
}

export class RelatedTaskResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Design the retry policy' }) title: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) deletedAt: Date | null;
}

export class RelationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RELATION_VIEWS, example: 'blocked_by', description: 'Seen from the task in the path' }) type: string;
  @ApiProperty({ type: RelatedTaskResponse }) task: RelatedTaskResponse;
  @ApiProperty() createdAt: Date;
}

export class RelationListResponse {
  @ApiProperty({ type: [RelationResponse] }) items: RelationResponse[];
}

export class HistoryActorResponse {
  @ApiProperty({ enum: ['user', 'api_key', 'integration', 'system'] }) type: string;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) id: string | null;
}

export class HistoryResponse {
  @ApiProperty({ example: '1842' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ example: 'status', description: 'A task field, or `relation`' }) field: string;
  @ApiProperty({ ...ANY_JSON_VALUE, example: 'todo', description: 'The JSON value before; null when it was unset' }) oldValue: unknown;
  @ApiProperty({ ...ANY_JSON_VALUE, example: 'in_progress', description: 'The JSON value after; null when it was cleared' }) newValue: unknown;
  @ApiProperty({ type: HistoryActorResponse }) actor: HistoryActorResponse;
  @ApiProperty({ example: '6f1c9c1e-1f7e-4f44-b0a2-1f2b8f6f0a11', nullable: true, type: String }) requestId: string | null;
  @ApiProperty() changedAt: Date;
}
