import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsRecordOf, mapOf } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsDate, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_BUCKETS, MAX_POINTS_PER_BATCH } from '../../domain/metric-query';
import { tagsFromQuery } from './tags.transform';

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,199}$/;

export class MetricPointRequest {
  @ApiProperty({ example: 'http.request.duration', description: 'Letters, digits, `_ . : -`; at most 200 characters' })
  @IsString()
  @Matches(METRIC_NAME)
  name: string;

  @ApiProperty({ example: 12.5, description: 'A finite number' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @ApiProperty({
    example: '2026-11-30T10:15:00Z',
    description:
      'When the value was observed: at most 1 day ahead, and inside the monthly partitions kept (the retention, at least the previous month); else 422',
  })
  @Type(() => Date)
  @IsDate()
  time: Date;

  @ApiPropertyOptional({ example: 'ms', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unit?: string;

  @ApiPropertyOptional({ ...mapOf('string'), example: { route: '/v1/tasks', region: 'eu' }, description: 'At most 20 tags; a series is a name + its tags' })
  @IsOptional()
  @IsRecordOf('string', 20)
  tags?: Record<string, string>;
}

export class IngestMetricsRequest {
  @ApiProperty({ type: [MetricPointRequest], maxItems: MAX_POINTS_PER_BATCH, description: `Up to ${MAX_POINTS_PER_BATCH} points, written in one statement` })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MetricPointRequest)
  points: MetricPointRequest[];
}

export class IngestMetricsResponse {
  @ApiProperty({ example: 500 }) received: number;
  @ApiProperty({ example: 498, description: 'New points; a point whose series and time were already stored is kept once' }) written: number;
}

export class SeriesQueryDto {
  @ApiProperty({ example: 'http.request.duration' })
  @IsString()
  @Matches(METRIC_NAME)
  name: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @ApiProperty({ example: '2026-11-30T00:00:00Z' })
  @Type(() => Date)
  @IsDate()
  to: Date;

  @ApiPropertyOptional({
    example: 3600,
    minimum: 1,
    maximum: 31 * 86400,
    description: `Bucket size in seconds; default: the smallest usual size keeping ≤ 500 buckets. At most ${MAX_BUCKETS} buckets.`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(31 * 86400)
  bucket?: number;

  @ApiPropertyOptional({ type: String, example: 'route:/v1/tasks,region:eu', description: 'Only series whose tags contain these (`key:value,...`)' })
  @IsOptional()
  @Transform(tagsFromQuery)
  @IsRecordOf('string', 20)
  tags?: Record<string, string>;
}

export class BucketResponse {
  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' }) bucket: Date;
  @ApiProperty({ example: 12.1 }) avg: number;
  @ApiProperty({ example: 3.2 }) min: number;
  @ApiProperty({ example: 80.4 }) max: number;
  @ApiProperty({ example: 41.7 }) p95: number;
  @ApiProperty({ example: 3600 }) count: number;
  @ApiProperty({ example: 43560 }) sum: number;
}

export class SeriesResponse {
  @ApiProperty({ example: 'http.request.duration' }) name: string;
  @ApiProperty({ ...mapOf('string'), example: { region: 'eu' } }) tags: Record<string, string>;
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ example: 3600 }) bucketSeconds: number;
  @ApiProperty({ example: 'ms' }) unit: string;
  @ApiProperty({ type: [BucketResponse] }) buckets: BucketResponse[];
}

export class MetricNameResponse {
  @ApiProperty({ example: 'http.request.duration' }) name: string;
  @ApiProperty({ example: 4, description: 'Distinct tag sets in the last 30 days' }) series: number;
  @ApiProperty() lastAt: Date;
  @ApiProperty({ example: 'ms' }) unit: string;
}

export class MetricNamesResponse {
  @ApiProperty({ type: [MetricNameResponse] }) items: MetricNameResponse[];
}
