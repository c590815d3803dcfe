import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMeta, PageQuery } from '@switchyard/http';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';

const PATTERN_TYPES = ['slow_phase', 'flaky_step', 'failure_message', 'agent_task_type_failure'] as const;
const RECOMMENDATION_STATUSES = ['open', 'accepted', 'dismissed', 'done'] as const;

export class PatternResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PATTERN_TYPES, example: 'slow_phase' }) type: string;
  @ApiProperty({ example: '5f0c6a52-0d7e-4a2e-9a8e-1f1c2b3d4e5f', description: 'What the pattern is about (a phase id, a step...)' }) key: string;
  @ApiProperty({ example: 'Phase "Review" of workflow "Release" takes 3.2× as long as its other phases' }) description: string;
  @ApiProperty({ example: 0.8, minimum: 0, maximum: 1 }) confidence: number;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'From what was done with its recommendation: done = 1, dismissed = 0' })
  effectiveness: number | null;
  @ApiProperty({ example: 14 }) occurrences: number;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { medianSeconds: 86400, otherPhasesMedianSeconds: 27000, ratio: 3.2, samples: 14 } })
  evidence: Record<string, unknown>;
  @ApiProperty() firstSeenAt: Date;
  @ApiProperty() lastSeenAt: Date;
}

export class PatternPage extends PageMeta {
  @ApiProperty({ type: [PatternResponse] }) items: PatternResponse[];
}

export class PatternList {
  @ApiProperty({ type: [PatternResponse] }) items: PatternResponse[];
}

export class PatternListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PATTERN_TYPES, example: 'slow_phase' }) @IsOptional() @IsIn(PATTERN_TYPES) type?: (typeof PATTERN_TYPES)[number];
}

export class RecommendationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patternId: string;
  @ApiProperty({ example: 'Split or staff the "Review" phase' }) title: string;
  @ApiProperty({ example: 'Tasks spend 3.2× longer in "Review"...' }) body: string;
  @ApiProperty({ enum: RECOMMENDATION_STATUSES, example: 'open' }) status: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class RecommendationPage extends PageMeta {
  @ApiProperty({ type: [RecommendationResponse] }) items: RecommendationResponse[];
}

export class RecommendationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES, example: 'open' })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATUSES)
  status?: (typeof RECOMMENDATION_STATUSES)[number];
}

export class DecideRecommendationRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: RECOMMENDATION_STATUSES, example: 'done', description: '`done` marks its pattern effective, `dismissed` ineffective' })
  @IsIn(RECOMMENDATION_STATUSES)
  status: (typeof RECOMMENDATION_STATUSES)[number];
}

export class DurationEstimateResponse {
  @ApiProperty({
    enum: ['project+type+labels', 'project+type', 'type', 'organization'],
    example: 'project+type',
    description: 'The most specific group with ≥ 5 finished tasks',
  })
  basis: string;
  @ApiProperty({ example: 23 }) samples: number;
  @ApiProperty({ example: 6.5, description: 'Median duration of comparable finished tasks (start → done), hours' }) hours: number;
  @ApiProperty({ example: 2.1, description: '10th percentile (80 % interval, low end), hours' }) low: number;
  @ApiProperty({ example: 19.8, description: '90th percentile (80 % interval, high end), hours' }) high: number;
}

export class TaskEstimateResponse {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ type: DurationEstimateResponse, nullable: true, description: 'null while fewer than 5 finished tasks exist' })
  estimate: DurationEstimateResponse | null;
}

export class EstimateAccuracyResponse {
  @ApiProperty({ example: 400, description: 'Finished tasks the estimates were made from (the oldest 80 %)' }) trained: number;
  @ApiProperty({ example: 100, description: 'Held-out finished tasks (the newest 20 %) that got an estimate' }) tested: number;
  @ApiProperty({ type: Number, nullable: true, example: 3.4 }) meanAbsoluteErrorHours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.31 }) medianAbsolutePercentError: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.79, description: 'Share of actual durations inside the 80 % interval' }) intervalCoverage:
    | number
    | null;
  @ApiProperty({ type: Number, nullable: true, example: 6.9, description: 'The same error estimating every task with the global median' })
  baselineMeanAbsoluteErrorHours: number | null;
}
