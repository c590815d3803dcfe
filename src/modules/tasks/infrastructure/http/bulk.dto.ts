import { IsAnyUuid } from './uuid.validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateIf, ValidateNested } from 'class-validator';
import { LIMITS, PRIORITIES, Priority, TASK_STATUSES, TaskStatus } from '../../domain/task.types';
import { AssigneeDto, CreateTaskRequest } from './task.request.dto';
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

export class BulkUpdateItem {
  @ApiProperty({ format: 'uuid' }) @IsAnyUuid() id: string;

  @ApiPropertyOptional({ example: 3, description: 'When given, a stale version rejects the batch' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ enum: TASK_STATUSES, example: 'in_progress' }) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @ApiPropertyOptional({ enum: PRIORITIES, example: 'high' }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;

  @ApiPropertyOptional({ type: AssigneeDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => AssigneeDto)
  assignee?: AssigneeDto | null;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the labels' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.labels)
  @IsString({ each: true })
  @Length(1, LIMITS.labelLength, { each: true })
  @Matches(/^[^,]+$/, { each: true, message: 'labels cannot contain commas' })
  labels?: string[];

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
  @ApiPropertyOptional({ example: { from: 'backlog', to: 'done' } }) details?: Record<string, unknown>;
}
