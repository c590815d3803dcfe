import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@switchyard/http';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class EventListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'req-7f3a', description: 'Everything one request or job did (its x-request-id / job id)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  correlationId?: string;

  @ApiPropertyOptional({ example: '4bf92f3577b34da6a3ce929d0e0e4736', description: 'Everything one W3C trace caused, across requests, jobs and modules' })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/)
  traceId?: string;

  @ApiPropertyOptional({ example: 'anomaly', description: 'With `entityId`: the history of one entity' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  entityType?: string;
  @ApiPropertyOptional({ example: '2f0c6a52-0d7e-4a2e-9a8e-1f1c2b3d4e5f' }) @IsOptional() @IsString() @Length(1, 200) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') taskId?: string;
  @ApiPropertyOptional({ example: 'analytics.anomaly.raised' }) @IsOptional() @IsString() @Length(1, 100) type?: string;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Default: 30 days before `until`; at most 92 days' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
  @ApiPropertyOptional({ example: '2026-11-30T00:00:00Z', description: 'Default: now' }) @IsOptional() @Type(() => Date) @IsDate() until?: Date;
}

export class EventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ example: 'analytics.anomaly.raised' }) type: string;
  @ApiProperty({ example: 'analytics' }) source: string;
  @ApiProperty({ type: String, nullable: true, example: 'slack' }) target: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'anomaly' }) entityType: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2f0c6a52-0d7e-4a2e-9a8e-1f1c2b3d4e5f' }) entityId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) taskId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) workflowId: string | null;
  @ApiProperty({ enum: ['debug', 'info', 'warning', 'error', 'critical'], example: 'warning' }) severity: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { observed: 812.4 } }) payload: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, example: 'user' }) actorType: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'req-7f3a' }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '4bf92f3577b34da6a3ce929d0e0e4736' }) traceId: string | null;
}
