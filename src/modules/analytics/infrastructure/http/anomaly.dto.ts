import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsRecordOf, mapOf, PageMeta, PageQuery } from '@switchyard/http';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { trim } from './tags.transform';

const KINDS = ['seasonal', 'threshold', 'percent_change'] as const;
const DIRECTIONS = ['above', 'below', 'both'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;

export class CreateAnomalyRuleRequest {
  @ApiProperty({ example: 'API latency', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'http.request.duration' })
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_.:-]{0,199}$/)
  metricName: string;

  @ApiPropertyOptional({ ...mapOf('string'), example: { route: '/v1/tasks' }, description: 'The series: points whose tags contain these' })
  @IsOptional()
  @IsRecordOf('string', 20)
  tags?: Record<string, string>;

  @ApiProperty({
    enum: KINDS,
    example: 'seasonal',
    description: '`seasonal`: hour-of-week median/MAD baseline; `threshold`: the window average past `threshold`; `percent_change`: vs the window before',
  })
  @IsIn(KINDS)
  kind: (typeof KINDS)[number];

  @ApiPropertyOptional({ example: 3.5, minimum: 0.1, maximum: 100, description: 'Seasonal: robust z-score limit (lower = more sensitive). Default 3.5' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(100)
  sensitivity?: number;

  @ApiPropertyOptional({ example: 250, description: 'Required for `threshold`' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;

  @ApiPropertyOptional({ example: 50, minimum: 0.01, maximum: 100000, description: 'Required for `percent_change`: the change in % that breaches' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100000)
  percent?: number;

  @ApiPropertyOptional({ enum: DIRECTIONS, example: 'above', default: 'both' })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: (typeof DIRECTIONS)[number];

  @ApiPropertyOptional({ example: 60, minimum: 1, maximum: 10080, default: 60, description: 'The window averaged at each evaluation' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  windowMinutes?: number;

  @ApiPropertyOptional({
    enum: SEVERITIES,
    example: 'warning',
    default: 'warning',
    description: 'Raised to critical at twice the limit (seasonal, percent change)',
  })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: (typeof SEVERITIES)[number];

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateAnomalyRuleRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'API latency (p95)' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: 4 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.1) @Max(100) sensitivity?: number;
  @ApiPropertyOptional({ example: 300 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) threshold?: number;
  @ApiPropertyOptional({ example: 25 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.01) @Max(100000) percent?: number;
  @ApiPropertyOptional({ enum: DIRECTIONS, example: 'above' }) @IsOptional() @IsIn(DIRECTIONS) direction?: (typeof DIRECTIONS)[number];
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(1) @Max(10080) windowMinutes?: number;
  @ApiPropertyOptional({ enum: SEVERITIES, example: 'critical' }) @IsOptional() @IsIn(SEVERITIES) severity?: (typeof SEVERITIES)[number];
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class AnomalyRuleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'API latency' }) name: string;
  @ApiProperty({ example: 'http.request.duration' }) metricName: string;
  @ApiProperty({ ...mapOf('string'), example: { route: '/v1/tasks' } }) tags: Record<string, string>;
  @ApiProperty({ enum: KINDS, example: 'seasonal' }) kind: string;
  @ApiProperty({ example: 3.5 }) sensitivity: number;
  @ApiProperty({ type: Number, nullable: true, example: null }) threshold: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null }) percent: number | null;
  @ApiProperty({ enum: DIRECTIONS, example: 'both' }) direction: string;
  @ApiProperty({ example: 60 }) windowMinutes: number;
  @ApiProperty({ enum: SEVERITIES, example: 'warning' }) severity: string;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ example: 17, description: 'Minute of the hour it is evaluated in (hash of the series: staggered)' }) slot: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T10:17:00Z' }) lastEvaluatedAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class AnomalyRulePage extends PageMeta {
  @ApiProperty({ type: [AnomalyRuleResponse] }) items: AnomalyRuleResponse[];
}

export class AnomalyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty({ example: 'http.request.duration' }) metricName: string;
  @ApiProperty({ ...mapOf('string'), example: { route: '/v1/tasks' } }) tags: Record<string, string>;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' }) status: string;
  @ApiProperty({ enum: SEVERITIES, example: 'critical' }) severity: string;
  @ApiProperty({ example: 812.4, description: 'The window average that breached' }) observed: number;
  @ApiProperty({ type: Number, nullable: true, example: 120.2, description: 'Seasonal median, threshold, or previous window average' }) expected: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 9.7, description: 'Robust z-score, distance to the threshold, or change in %' }) score: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { method: 'hour-of-week median/MAD', samples: 12, median: 120.2, mad: 11.3 } })
  evidence: Record<string, unknown>;
  @ApiProperty() startedAt: Date;
  @ApiProperty() lastSeenAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) resolvedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class AnomalyPage extends PageMeta {
  @ApiProperty({ type: [AnomalyResponse] }) items: AnomalyResponse[];
}

export class AnomalyListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], example: 'open' }) @IsOptional() @IsIn(['open', 'resolved']) status?: 'open' | 'resolved';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') ruleId?: string;
}

export class AlertResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) anomalyId: string;
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty({ enum: SEVERITIES, example: 'critical' }) severity: string;
  @ApiProperty({ example: 'API latency: http.request.duration is 812.4 (expected 120.2)' }) message: string;
  @ApiProperty({ enum: ['open', 'acknowledged'], example: 'open' }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) acknowledgedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) acknowledgedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class AlertPage extends PageMeta {
  @ApiProperty({ type: [AlertResponse] }) items: AlertResponse[];
}

export class AlertListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged'], example: 'open' }) @IsOptional() @IsIn(['open', 'acknowledged']) status?: 'open' | 'acknowledged';
}

export class EvaluationResponse {
  @ApiProperty({ enum: ['raised', 'continued', 'resolved', 'normal', 'no data'], example: 'raised' }) outcome: string;
  @ApiPropertyOptional({ type: AnomalyResponse }) anomaly?: AnomalyResponse;
  @ApiPropertyOptional({ type: AlertResponse, description: 'Only when the anomaly was raised by this evaluation: one alert per anomaly' })
  alert?: AlertResponse;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { observed: 812.4, expected: 120.2, score: 9.7 } })
  verdict?: Record<string, unknown>;
}
