import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainJson, PageMeta, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { trim } from './tags.transform';

const RUN_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
const MODEL_TYPES = ['classification', 'regression', 'clustering', 'time_series', 'reinforcement', 'recommendation'] as const;
const MODEL_STATUSES = ['training', 'active', 'retired'] as const;
const FREE = { type: 'object', additionalProperties: true } as const;

export class CreateOptimizationRunRequest {
  @ApiProperty({ example: 'Tune agent prompt for bug triage' }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 'prompt_optimization', description: 'What is being optimised' }) @IsString() @Length(1, 100) evaluationType: string;
  @ApiPropertyOptional({ enum: RUN_STATUSES, example: 'running', default: 'pending' }) @IsOptional() @IsIn(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 100000 }) @IsOptional() @IsInt() @Min(1) @Max(100000) populationSize?: number;
  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 1000000 }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000) generations?: number;
  @ApiPropertyOptional({ example: 'pass_rate * 0.8 + (1 - cost / max_cost) * 0.2', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  fitnessFunction?: string;
}

export class UpdateOptimizationRunRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: RUN_STATUSES, example: 'completed' }) @IsOptional() @IsIn(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
  @ApiPropertyOptional({ ...FREE, example: { prompt: 'You are a careful triager...', temperature: 0.2 } })
  @IsOptional()
  @IsPlainJson(65_536)
  bestSolution?: Record<string, unknown>;
  @ApiPropertyOptional({ example: 0.91 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) bestFitness?: number;
  @ApiPropertyOptional({
    type: 'array',
    items: FREE,
    maxItems: 1000,
    example: [{ generation: 12, bestFitness: 0.91, meanFitness: 0.74 }],
    description: 'Generations to append to the history',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  appendHistory?: Array<Record<string, unknown>>;
}

export class OptimizationRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Tune agent prompt for bug triage' }) name: string;
  @ApiProperty({ example: 'prompt_optimization' }) evaluationType: string;
  @ApiProperty({ enum: RUN_STATUSES, example: 'running' }) status: string;
  @ApiProperty({ example: 50 }) populationSize: number;
  @ApiProperty({ example: 100 }) generations: number;
  @ApiProperty({ example: 'pass_rate' }) fitnessFunction: string;
  @ApiProperty({ oneOf: [FREE], nullable: true, example: { temperature: 0.2 } }) bestSolution: Record<string, unknown> | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.91 }) bestFitness: number | null;
  @ApiProperty({ type: 'array', items: FREE, example: [{ generation: 1, bestFitness: 0.5 }] }) history: unknown[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T10:00:00Z' }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) finishedAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OptimizationRunPage extends PageMeta {
  @ApiProperty({ type: [OptimizationRunResponse] }) items: OptimizationRunResponse[];
}

export class OptimizationRunListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES, example: 'running' }) @IsOptional() @IsIn(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
}

export class CreateLearningModelRequest {
  @ApiProperty({ example: 'task-duration-gbm' }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'regression' }) @IsIn(MODEL_TYPES) modelType: (typeof MODEL_TYPES)[number];
  @ApiProperty({ example: 'gradient_boosting' }) @IsString() @Length(1, 100) algorithm: string;
  @ApiPropertyOptional({ example: 0.8731, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  accuracy?: number;
  @ApiPropertyOptional({ type: [String], example: ['tasks', 'agents'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  targetModules?: string[];
  @ApiPropertyOptional({ ...FREE, example: { maxDepth: 6 } }) @IsOptional() @IsPlainJson(65_536) parameters?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: MODEL_STATUSES, example: 'training' }) @IsOptional() @IsIn(MODEL_STATUSES) status?: (typeof MODEL_STATUSES)[number];
  @ApiPropertyOptional({ example: '2026-11-29T00:00:00Z' }) @IsOptional() @Type(() => Date) @IsDate() trainedAt?: Date;
}

export class UpdateLearningModelRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ example: 'task-duration-gbm-v2' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: 'xgboost' }) @IsOptional() @IsString() @Length(1, 100) algorithm?: string;
  @ApiPropertyOptional({ example: 0.9 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  accuracy?: number;
  @ApiPropertyOptional({ type: [String], example: ['tasks'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  targetModules?: string[];
  @ApiPropertyOptional({ ...FREE, example: { maxDepth: 8 } }) @IsOptional() @IsPlainJson(65_536) parameters?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: MODEL_STATUSES, example: 'active' }) @IsOptional() @IsIn(MODEL_STATUSES) status?: (typeof MODEL_STATUSES)[number];
  @ApiPropertyOptional({ example: '2026-11-30T00:00:00Z' }) @IsOptional() @Type(() => Date) @IsDate() trainedAt?: Date;
}

export class LearningModelResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'task-duration-gbm' }) name: string;
  @ApiProperty({ enum: MODEL_TYPES, example: 'regression' }) modelType: string;
  @ApiProperty({ example: 'gradient_boosting' }) algorithm: string;
  @ApiProperty({ type: Number, nullable: true, example: 0.8731 }) accuracy: number | null;
  @ApiProperty({ type: [String], example: ['tasks'] }) targetModules: string[];
  @ApiProperty({ ...FREE, example: { maxDepth: 6 } }) parameters: Record<string, unknown>;
  @ApiProperty({ enum: MODEL_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-29T00:00:00Z' }) trainedAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class LearningModelPage extends PageMeta {
  @ApiProperty({ type: [LearningModelResponse] }) items: LearningModelResponse[];
}

export { PageQuery as LearningModelListQuery };
