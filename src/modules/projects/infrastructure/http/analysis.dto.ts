import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ANALYSIS_STATUSES, ANALYSIS_TYPES, AnalysisStatus, AnalysisType, TREND_METRICS, TrendMetric } from '../../domain/analysis';
import { LANGUAGES, Language } from '../../domain/repository';
import { IsBranchName } from './repository.dto';

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

  @ApiPropertyOptional({ enum: ANALYSIS_TYPES, default: 'full', description: 'full: code metrics and coverage; metrics: code metrics only; coverage: the coverage report only' })
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

const METRICS_EXAMPLE = {
  files: 182,
  linesOfCode: 24110,
  commentLines: 2210,
  blankLines: 3120,
  functions: 1405,
  classes: 96,
  averageComplexity: 2.41,
  maxComplexity: 31,
  languages: { typescript: { files: 160, linesOfCode: 21800, commentLines: 2000, blankLines: 2900, functions: 1300, classes: 90, averageComplexity: 2.38, maxComplexity: 31 } },
  coverage: { lines: 81.4, branches: 70.2, functions: 77.9, format: 'lcov', report: 'coverage/lcov.info' },
};

export class AnalysisRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) repositoryId: string;
  @ApiProperty({ example: 'main' }) branch: string;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02' }) requestedSha: string | null;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02d0ae598e95dc970b74767f19372d61af8', description: 'The commit analysed' }) commitSha: string | null;
  @ApiProperty({ enum: ANALYSIS_TYPES }) type: AnalysisType;
  @ApiProperty({ enum: ANALYSIS_STATUSES, example: 'completed' }) status: AnalysisStatus;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ nullable: true, type: String, example: 'tree-sitter@0.25' }) analyzer: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the run failed, or why the last attempt failed while a retry is pending' }) error: string | null;
  @ApiProperty({ nullable: true, type: Object, example: METRICS_EXAMPLE }) metrics: object | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    example: {
      analyzer: 'tree-sitter@0.25',
      skipped: { excluded: 12, unsupported_language: 40 },
      filesWithSyntaxErrors: 0,
      hotspots: [{ path: 'src/checkout.ts', name: 'applyDiscounts', line: 42, complexity: 31 }],
      timings: { checkoutMs: 850, analysisMs: 2400 },
      linesPerSecond: 12300,
    },
  })
  results: object | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty() queuedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number, example: 3250 }) durationMs: number | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TrendResponse {
  @ApiProperty({ format: 'uuid' }) repositoryId: string;
  @ApiProperty({ example: 'main' }) branch: string;
  @ApiProperty({ enum: TREND_METRICS, example: 'linesOfCode' }) metric: TrendMetric;
  @ApiProperty({ enum: LANGUAGES, nullable: true }) language: Language | null;
  @ApiProperty({ example: [{ runId: '0d9c7c1e-1f7a-4c52-9f55-2a3f1f3f0b1c', commitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8', at: '2025-01-06T10:15:00.000Z', value: 24110 }] })
  points: Array<{ runId: string; commitSha: string | null; at: Date; value: number | null }>;
}

export class ComparisonResponse {
  @ApiProperty({ type: AnalysisRunResponse }) base: AnalysisRunResponse;
  @ApiProperty({ type: AnalysisRunResponse }) head: AnalysisRunResponse;
  @ApiProperty({
    example: {
      metrics: { linesOfCode: { base: 24110, head: 24530, delta: 420, percent: 1.74 }, maxComplexity: { base: 31, head: 29, delta: -2, percent: -6.45 } },
      languages: { typescript: { linesOfCode: { base: 21800, head: 22220, delta: 420, percent: 1.93 } } },
      languagesAdded: [],
      languagesRemoved: [],
      hotspotsWorsened: [{ path: 'src/cart.ts', name: 'total', line: 10, complexity: 14, before: 9 }],
    },
  })
  changes: object;
}

export class SummaryQuery extends PageQuery {
  @ApiPropertyOptional({ isArray: true, example: ['active'], description: 'Project statuses (repeat or separate with commas)' })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v: unknown) => String(v).split(',')).filter(Boolean)))
  @IsIn(['planning', 'active', 'on_hold', 'completed', 'archived'], { each: true })
  status?: Array<'planning' | 'active' | 'on_hold' | 'completed' | 'archived'>;
}

export class ProjectSummaryResponse {
  @ApiProperty({ example: { id: '3f1c0c8e-5c0b-4a8e-9a53-6c1f1f0f7b2a', name: 'Payments API', slug: 'payments-api', status: 'active', leadId: null, tags: ['backend'] } })
  project: object;
  @ApiProperty({ example: { count: 2, ids: ['0d9c7c1e-1f7a-4c52-9f55-2a3f1f3f0b1c'], analyzed: 1 } })
  repositories: object;
  @ApiProperty({
    nullable: true,
    example: { files: 182, linesOfCode: 24110, commentLines: 2210, blankLines: 3120, functions: 1405, classes: 96, averageComplexity: 2.41, maxComplexity: 31, coverage: 81.4, analyzedAt: '2025-01-06T10:15:00.000Z' },
  })
  latestAnalysis: object | null;
  @ApiProperty({
    example: { tasks: { open: 12, inProgress: 3 }, pipelines: { successRate: 0.94 } },
    description: 'Counters contributed by other modules (ProjectSummaryContributor); null where a module has nothing for the project',
  })
  counters: object;
}
