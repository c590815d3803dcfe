import { IsAnyUuid } from './uuid.validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExpectedVersion, FREE_FORM_JSON, IsPlainJson } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ASSIGNEE_TYPES, AssigneeType, LIMITS, PRIORITIES, Priority, TASK_STATUSES, TASK_TYPES, TaskStatus, TaskType } from '../../domain/task.types';
import { trim } from './query.transforms';

const LABEL = /^[^,]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AssigneeDto {
  @ApiProperty({ enum: ASSIGNEE_TYPES, example: 'agent', description: '`user`: a member of the organization; `agent`: an AI agent id' })
  @IsIn(ASSIGNEE_TYPES)
  type: AssigneeType;

  @ApiProperty({ format: 'uuid', example: '7d0c3f38-5a4e-4a8e-9b1e-0f7c2a1d9e11' })
  @IsAnyUuid()
  id: string;
}

/** Fields a client may set on create and change on update. */
export class TaskFieldsDto {
  @ApiPropertyOptional({
    example: 'Deliveries that fail with 5xx are retried **up to 8 times**.',
    description: 'Markdown',
    maxLength: LIMITS.descriptionLength,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.descriptionLength)
  description?: string;

  @ApiPropertyOptional({ enum: TASK_TYPES, example: 'story' })
  @IsOptional()
  @IsIn(TASK_TYPES)
  type?: TaskType;

  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    example: 'todo',
    description: 'On update only allowed transitions are accepted (409 `TASKS.INVALID_TRANSITION` names from, to and what is allowed).',
  })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: PRIORITIES, example: 'high' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ type: AssigneeDto, nullable: true, description: 'null unassigns' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => AssigneeDto)
  assignee?: AssigneeDto | null;

  @ApiPropertyOptional({ type: [String], example: ['backend', 'webhooks'], maxItems: LIMITS.labels, description: 'Unique case-insensitively; no commas' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.labels)
  @IsString({ each: true })
  @Length(1, LIMITS.labelLength, { each: true })
  @Matches(LABEL, { each: true, message: 'labels cannot contain commas' })
  labels?: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 3,
    minimum: 0,
    maximum: 1_000_000,
    description: "In the project's estimation unit (points, hours or days); null clears",
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000)
  estimate?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 240,
    minimum: 0,
    maximum: 100_000_000,
    description: 'Time actually spent, in minutes; null clears',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  actualMinutes?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-12-15', description: 'YYYY-MM-DD; null clears' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(DATE, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({
    example: 3,
    minimum: 0,
    maximum: LIMITS.maxRetries,
    description: 'For automated tasks: failures retried before the task is parked as blocked',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LIMITS.maxRetries)
  maxRetries?: number;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { source: 'linear', linearId: 'ENG-42' }, description: 'Any JSON object up to 16 kB' })
  @IsOptional()
  @IsPlainJson(LIMITS.metadataBytes)
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '5b2f7c1e-8d3a-4f0b-9c6e-1a2b3c4d5e6f',
    description: 'A workflow of the same project; null detaches',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsAnyUuid()
  workflowId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    description: 'A phase of the workflow (implies the workflow); null leaves the phase',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsAnyUuid()
  phaseId?: string | null;
}

export class CreateTaskRequest extends TaskFieldsDto {
  @ApiProperty({ format: 'uuid', example: '0b9f4f64-3c35-4d4e-8b61-9b1f0e0f6a55' })
  @IsAnyUuid()
  projectId: string;

  @ApiProperty({ example: 'Retry webhooks with exponential backoff', minLength: 1, maxLength: LIMITS.titleLength })
  @Transform(trim)
  @IsString()
  @Length(1, LIMITS.titleLength)
  title: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c',
    description: 'A live task of the same project (else 404 `TASKS.PARENT_NOT_FOUND`)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsAnyUuid()
  parentId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'A member who reported it (imports); defaults to the caller' })
  @IsOptional()
  @IsAnyUuid()
  reporterId?: string;
}

export class UpdateTaskRequest extends TaskFieldsDto {
  @ApiPropertyOptional({ example: 'Retry webhooks with exponential backoff', minLength: 1, maxLength: LIMITS.titleLength })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, LIMITS.titleLength)
  title?: string;

  @ExpectedVersion({ description: 'The version you read; a stale one answers 409 `COMMON.STALE_VERSION`' })
  version: number;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c',
    description: 'Moves the task (and its subtree); null makes it a root. Same rules as POST /move.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsAnyUuid()
  parentId?: string | null;
}

export class MoveTaskRequest {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c',
    description: 'The new parent (same project), or null for the root',
  })
  @ValidateIf((_, value) => value !== null)
  @IsAnyUuid()
  parentId: string | null;

  @ExpectedVersion({ optional: true, description: 'When given, the move is refused (409) if the task changed since' })
  version?: number;
}

export class ReleaseTaskRequest {
  @ApiProperty({
    enum: ['failed', 'released'],
    example: 'failed',
    description: '`failed`: counts a retry (back to todo while retries remain, else blocked); `released`: hand it back unchanged',
  })
  @IsIn(['failed', 'released'])
  outcome: 'failed' | 'released';

  @ApiPropertyOptional({ example: 'Tests failed: 3 of 120', maxLength: 2000, description: 'Kept in metadata.lastFailure' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ClaimTaskRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsAnyUuid()
  projectId?: string;

  @ApiPropertyOptional({ type: [String], example: ['backend'], description: 'Only tasks carrying all these labels' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.labels)
  @IsString({ each: true })
  @Length(1, LIMITS.labelLength, { each: true })
  labels?: string[];

  @ApiPropertyOptional({ enum: TASK_TYPES, isArray: true, example: ['task', 'bug'] })
  @IsOptional()
  @IsArray()
  @IsIn(TASK_TYPES, { each: true })
  types?: TaskType[];

  @ApiPropertyOptional({ type: AssigneeDto, description: 'Who takes the task; defaults to the calling user. API keys must name it (an agent).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssigneeDto)
  assignee?: AssigneeDto;
}
