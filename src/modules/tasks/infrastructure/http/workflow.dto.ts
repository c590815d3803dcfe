import { IsAnyUuid } from './uuid.validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsInt, IsOptional, IsString, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_PHASES } from '../../domain/workflow';
import { ProgressResponse } from './task.response.dto';
import { trim } from './query.transforms';

export class PhaseRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing phase of this workflow to keep (rename / reorder); omit for a new phase' })
  @IsOptional()
  @IsAnyUuid()
  id?: string;

  @ApiProperty({ example: 'Implementation', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Code and unit tests', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;
}

export class CreateWorkflowRequest {
  @ApiProperty({ format: 'uuid' }) @IsAnyUuid() projectId: string;

  @ApiProperty({ example: 'Release 2.4', minLength: 1, maxLength: 200, description: 'Unique in the project (case-insensitive)' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Everything that ships in 2.4', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ type: [PhaseRequest], maxItems: MAX_PHASES, description: 'In order', example: [{ name: 'Design' }, { name: 'Build' }, { name: 'Ship' }] })
  @IsArray()
  @ArrayMaxSize(MAX_PHASES)
  @ValidateNested({ each: true })
  @Type(() => PhaseRequest)
  phases: PhaseRequest[];
}

export class UpdateWorkflowRequest {
  @ApiProperty({ example: 2, description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'Release 2.4.1' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 10_000 }) @IsOptional() @IsString() @MaxLength(10_000) description?: string;

  @ApiPropertyOptional({
    type: [PhaseRequest],
    maxItems: MAX_PHASES,
    description:
      'The complete new ordered list. Phases with an `id` are kept, new ones added, missing ones removed (their tasks stay in the workflow, without a phase).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PHASES)
  @ValidateNested({ each: true })
  @Type(() => PhaseRequest)
  phases?: PhaseRequest[];
}

export class WorkflowListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() projectId?: string;
}

export class WorkflowMetricsQuery {
  @ApiPropertyOptional({ example: '2026-09-01T00:00:00Z', description: 'Default: 90 days before `until`' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Default: now' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

export class PhaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Build' }) name: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: 1 }) position: number;
  @ApiProperty({ enum: ['empty', 'not_started', 'in_progress', 'completed'], example: 'in_progress' }) status: string;
  @ApiProperty({ type: ProgressResponse }) progress: ProgressResponse;
}

export class WorkflowResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 'Release 2.4' }) name: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({
    enum: ['empty', 'not_started', 'in_progress', 'completed'],
    example: 'in_progress',
    description: 'From the phases with tasks: completed when all are, not started while none is',
  })
  status: string;
  @ApiProperty({
    example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'First phase with tasks that is not completed',
  })
  currentPhaseId: string | null;
  @ApiProperty({ type: ProgressResponse, description: 'All tasks of the workflow' }) progress: ProgressResponse;
  @ApiProperty({ type: [PhaseResponse] }) phases: PhaseResponse[];
  @ApiProperty({ type: ProgressResponse, description: 'Tasks in the workflow without a phase' }) unphased: ProgressResponse;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DurationStatsResponse {
  @ApiProperty({ nullable: true, type: Number, example: 86400 }) avg: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 43200 }) p50: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 172800 }) p85: number | null;
}

export class PhaseMetricsResponse {
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) phaseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Build' }) name?: string | null;
  @ApiProperty({ example: 12, description: 'Tasks done in the window' }) completed: number;
  @ApiProperty({ type: DurationStatsResponse, description: 'Seconds from creation to done' }) leadTimeSeconds: DurationStatsResponse;
  @ApiProperty({ type: DurationStatsResponse, description: 'Seconds from first start to done' }) cycleTimeSeconds: DurationStatsResponse;
}

export class WorkflowMetricsResponse {
  @ApiProperty({ format: 'uuid' }) workflowId: string;
  @ApiProperty() since: Date;
  @ApiProperty() until: Date;
  @ApiProperty({ type: PhaseMetricsResponse }) overall: PhaseMetricsResponse;
  @ApiProperty({ type: [PhaseMetricsResponse], description: 'Per phase, in phase order' }) phases: PhaseMetricsResponse[];
}
