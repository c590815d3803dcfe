import { IsAnyUuid } from './uuid.validator';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ExpectedVersion, FREE_FORM_JSON } from '@switchyard/http';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { LIMITS, TaskStatus } from '../../domain/task.types';
import { CreateTaskRequest, UpdateTaskRequest } from './task.request.dto';
import { TaskResponse } from './task.response.dto';

const REF = /^[A-Za-z0-9_.:-]{1,64}$/;

export class BulkCreateItem extends CreateTaskRequest {
  @ApiPropertyOptional({ example: 'epic-1', description: 'A name for this item, for `parentRef` of other items' })
  @IsOptional()
  @Matches(REF, { message: 'ref must be 1–64 letters, digits or _.:-' })
  ref?: string;

  @ApiPropertyOptional({ example: 'epic-1', description: 'Nest under the item with this `ref` (instead of `parentId`)' })
  @IsOptional()
  @Matches(REF, { message: 'parentRef must be 1–64 letters, digits or _.:-' })
  parentRef?: string;
}

export class BulkCreateRequest {
  @ApiProperty({ type: [BulkCreateItem], minItems: 1, maxItems: LIMITS.bulkItems, description: 'More than 100 items: 413 `TASKS.BULK_TOO_LARGE`' })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => BulkCreateItem)
  tasks: BulkCreateItem[];
}

/** The single-task PATCH body's status, priority, assignee and labels, plus label edits. */
export class BulkUpdateItem extends PickType(UpdateTaskRequest, ['status', 'priority', 'assignee', 'labels']) {
  @ApiProperty({ format: 'uuid' }) @IsAnyUuid() id: string;

  @ExpectedVersion({ optional: true, description: 'When given, a stale version rejects the batch' })
  version?: number;

  // Rules from the single-task fields; wording for a batch (where a refused change is a 422 item error, not a 409).
  @ApiPropertyOptional({
    example: 'in_progress',
    description: 'Only allowed transitions; another one rejects the batch (`TASKS.INVALID_TRANSITION` in `items`)',
  })
  override status?: TaskStatus;

  @ApiPropertyOptional({ description: 'Replaces the labels' })
  override labels?: string[];

  @ApiPropertyOptional({ type: [String], example: ['triaged'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.labels)
  @IsString({ each: true })
  @Length(1, LIMITS.labelLength, { each: true })
  @Matches(/^[^,]+$/, { each: true, message: 'labels cannot contain commas' })
  addLabels?: string[];

  @ApiPropertyOptional({ type: [String], example: ['needs-triage'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.labels)
  @IsString({ each: true })
  @Length(1, LIMITS.labelLength, { each: true })
  removeLabels?: string[];
}

export class BulkUpdateRequest {
  @ApiProperty({ type: [BulkUpdateItem], minItems: 1, maxItems: LIMITS.bulkItems })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => BulkUpdateItem)
  items: BulkUpdateItem[];
}

export class BulkTasksResponse {
  @ApiProperty({ type: [TaskResponse], description: 'In the order of the request' })
  items: TaskResponse[];
}

export class BulkItemErrorResponse {
  @ApiProperty({ example: 3 }) index: number;
  @ApiProperty({ example: 'TASKS.INVALID_TRANSITION' }) code: string;
  @ApiProperty({ example: 'A task cannot go from "backlog" to "done"; …' }) message: string;
  @ApiPropertyOptional({ example: 'epic-1' }) ref?: string;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { from: 'backlog', to: 'done' }, description: 'The specifics of the code' }) details?: Record<
    string,
    unknown
  >;
}
