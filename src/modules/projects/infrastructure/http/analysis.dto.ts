import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ANALYSIS_STATUSES, ANALYSIS_TYPES, AnalysisStatus, AnalysisType, TREND_METRICS, TrendMetric } from '../../domain/analysis';
import { LANGUAGES, Language } from '../../domain/repository';
import { IsBranchName } from './repository.dto';
import { PROJECT_STATUSES } from '../../domain/project';
import { AnalysisMetricsResponse, AnalysisResultsResponse, CodeMetricsResponse, RunComparisonResponse } from './analysis-metrics.dto';

export class QueueAnalysisRequest {
  @ApiPropertyOptional({ example: 'main', description: "The repository's default branch when absent" })
  @IsOptional()
  @IsBranchName()
  branch?: string;

  @ApiPropertyOptional({ example: '9fceb02d0ae598e95dc970b74767f19372d61af8', description: 'A commit on the branch (7–64 hex); the branch head when absent' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @Matches(/^[0-9a-f]{7,64}$/, { message: 'must be a commit SHA (7 to 64 hex characters)' })
  commitSha?: string;

  @ApiPropertyOptional({
    enum: ANALYSIS_TYPES,
    default: 'full',
    description: 'full: code metrics and coverage; metrics: code metrics only; coverage: the coverage report only',
  })
  @IsOptional()
  @IsIn(ANALYSIS_TYPES)
  type?: AnalysisType;
}

export class AnalysisListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ANALYSIS_STATUSES })
  @IsOptional()
  @IsIn(ANALYSIS_STATUSES)
  status?: AnalysisStatus;

  @ApiPropertyOptional({ example: 'main' })
  @IsOptional()
  @IsBranchName()
  branch?: string;
}

export class TrendQueryDto {
  @ApiProperty({ enum: TREND_METRICS, example: 'linesOfCode', description: 'coverage is the line coverage in percent' })
  @IsIn(TREND_METRICS)
  metric: TrendMetric;

  @ApiPropertyOptional({ example: 'main', description: "The repository's default branch when absent" })
  @IsOptional()
  @IsBranchName()
  branch?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The metric of one language only' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ example: '2025-01-01T00:00:00Z', description: 'Runs finished at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ example: '2025-04-01T00:00:00Z', description: 'Runs finished before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ default: 100, maximum: 1000, description: 'The newest this many runs' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}

export class CompareQuery {
  @ApiProperty({ format: 'uuid', description: 'The earlier run' })
  @IsUUID()
  base: string;

  @ApiProperty({ format: 'uuid', description: 'The later run' })
  @IsUUID()
  head: string;
}

export class AnalysisRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) repositoryId: string;
  @ApiProperty({ example: 'main' }) branch: string;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02' }) requestedSha: string | null;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02d0ae598e95dc970b74767f19372d61af8', description: 'The commit analysed' }) commitSha:
    | string
    | null;
  @ApiProperty({ enum: ANALYSIS_TYPES }) type: AnalysisType;
  @ApiProperty({ enum: ANALYSIS_STATUSES, example: 'completed' }) status: AnalysisStatus;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ nullable: true, type: String, example: 'tree-sitter@0.25' }) analyzer: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the run failed, or why the last attempt failed while a retry is pending' })
  error: string | null;
  @ApiProperty({ type: AnalysisMetricsResponse, nullable: true }) metrics: AnalysisMetricsResponse | null;
  @ApiProperty({ type: AnalysisResultsResponse, nullable: true }) results: AnalysisResultsResponse | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty() queuedAt: Date;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number, example: 3250 }) durationMs: number | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TrendPointResponse {
  @ApiProperty({ format: 'uuid', example: '0d9c7c1e-1f7a-4c52-9f55-2a3f1f3f0b1c' }) runId: string;
  @ApiProperty({ type: String, nullable: true, example: '9fceb02d0ae598e95dc970b74767f19372d61af8' }) commitSha: string | null;
  @ApiProperty({ example: '2025-01-06T10:15:00.000Z' }) at: Date;
  @ApiProperty({ type: Number, nullable: true, example: 24110, description: 'null when the run lacks the metric' }) value: number | null;
}

export class TrendResponse {
  @ApiProperty({ format: 'uuid' }) repositoryId: string;
  @ApiProperty({ example: 'main' }) branch: string;
  @ApiProperty({ enum: TREND_METRICS, example: 'linesOfCode' }) metric: TrendMetric;
  @ApiProperty({ example: 'typescript', enum: LANGUAGES, nullable: true }) language: Language | null;
  @ApiProperty({ type: [TrendPointResponse], description: 'Oldest first' })
  points: TrendPointResponse[];
}

export class ComparisonResponse {
  @ApiProperty({ type: AnalysisRunResponse }) base: AnalysisRunResponse;
  @ApiProperty({ type: AnalysisRunResponse }) head: AnalysisRunResponse;
  @ApiProperty({ type: RunComparisonResponse }) changes: RunComparisonResponse;
}

export class SummaryQuery extends PageQuery {
  @ApiPropertyOptional({ isArray: true, example: ['active'], description: 'Project statuses (repeat or separate with commas)' })
  @IsOptional()
  @Transform(({ value }) =>
    value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v: unknown) => String(v).split(',')).filter(Boolean),
  )
  @IsIn(['planning', 'active', 'on_hold', 'completed', 'archived'], { each: true })
  status?: Array<'planning' | 'active' | 'on_hold' | 'completed' | 'archived'>;
}

export class SummaryProjectResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c0c8e-5c0b-4a8e-9a53-6c1f1f0f7b2a' }) id: string;
  @ApiProperty({ example: 'Payments API' }) name: string;
  @ApiProperty({ example: 'payments-api' }) slug: string;
  @ApiProperty({ enum: PROJECT_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) leadId: string | null;
  @ApiProperty({ type: [String], example: ['backend'] }) tags: string[];
}

export class SummaryRepositoriesResponse {
  @ApiProperty({ type: 'integer', example: 2 }) count: number;
  @ApiProperty({ type: [String], format: 'uuid', example: ['0d9c7c1e-1f7a-4c52-9f55-2a3f1f3f0b1c'] }) ids: string[];
  @ApiProperty({ type: 'integer', example: 1, description: 'How many have a completed analysis of their default branch' }) analyzed: number;
}

export class SummaryAnalysisResponse extends CodeMetricsResponse {
  @ApiProperty({ type: Number, nullable: true, example: 81.4, description: 'Line coverage, percent' }) coverage: number | null;
  @ApiProperty({ example: '2025-01-06T10:15:00.000Z' }) analyzedAt: Date;
}

export class ProjectSummaryResponse {
  @ApiProperty({ type: SummaryProjectResponse }) project: SummaryProjectResponse;
  @ApiProperty({ type: SummaryRepositoriesResponse }) repositories: SummaryRepositoriesResponse;
  @ApiProperty({
    type: SummaryAnalysisResponse,
    nullable: true,
    description: "The latest completed analysis of each linked repository's default branch, combined",
  })
  latestAnalysis: SummaryAnalysisResponse | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', nullable: true, additionalProperties: { type: 'number', nullable: true } },
    example: { tasks: { open: 12, inProgress: 3 }, pipelines: { successRate: 0.94 } },
    description: 'Counters contributed by other modules (ProjectSummaryContributor), keyed by module; null where a module has nothing for the project',
  })
  counters: Record<string, Record<string, number | null> | null>;
}
