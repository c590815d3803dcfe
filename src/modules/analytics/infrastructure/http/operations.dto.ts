import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID } from 'class-validator';

const FREE = { type: 'object', additionalProperties: true } as const;

export class TaskRollupQuery {
  @ApiPropertyOptional({ example: '2026-09-01', description: 'First day (UTC); default 89 days before `to`' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (UTC); default today' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ format: 'uuid', description: 'One project; default every project' }) @IsOptional() @IsUUID('all') projectId?: string;
}

export class TaskDayRollupResponse {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) day: string;
  @ApiProperty({ example: 12 }) created: number;
  @ApiProperty({ example: 9 }) completed: number;
  @ApiProperty({ type: Number, nullable: true, example: 172800, description: 'Created → done, of the tasks completed that day' }) leadTimeAvgSeconds:
    | number
    | null;
  @ApiProperty({ type: Number, nullable: true, example: 86400 }) leadTimeP50Seconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 43200, description: 'Started → done' }) cycleTimeAvgSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 36000 }) cycleTimeP50Seconds: number | null;
}

export class TaskRollupResponse {
  @ApiProperty({ example: '2026-09-01', format: 'date' }) from: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) to: string;
  @ApiProperty({ type: [TaskDayRollupResponse], description: 'As of the last refresh (ANALYTICS_ROLLUP_CRON)' }) items: TaskDayRollupResponse[];
}

export class PipelineRollupQuery {
  @ApiPropertyOptional({ example: '2026-09-01' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ format: 'uuid', description: 'One pipeline definition; default every one' }) @IsOptional() @IsUUID('all') definitionId?: string;
}

export class PipelineDayRollupResponse {
  @ApiProperty({ format: 'uuid' }) definitionId: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) day: string;
  @ApiProperty({ example: 40 }) executions: number;
  @ApiProperty({ example: 36 }) succeeded: number;
  @ApiProperty({ example: 3, description: 'failed or timed out' }) failed: number;
  @ApiProperty({ example: 1 }) cancelled: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.923, description: 'succeeded / (succeeded + failed)' }) successRate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 312.5 }) durationAvgSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 780 }) durationP95Seconds: number | null;
}

export class PipelineRollupResponse {
  @ApiProperty({ example: '2026-09-01', format: 'date' }) from: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) to: string;
  @ApiProperty({ type: [PipelineDayRollupResponse] }) items: PipelineDayRollupResponse[];
}

export class AgentRollupQuery {
  @ApiPropertyOptional({ example: '2026-09-01' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ format: 'uuid', description: 'One agent; default every one' }) @IsOptional() @IsUUID('all') agentId?: string;
}

export class AgentDayRollupResponse {
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) day: string;
  @ApiProperty({ example: 12 }) runs: number;
  @ApiProperty({ example: 10 }) completed: number;
  @ApiProperty({ example: 2 }) failed: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.833 }) successRate: number | null;
  @ApiProperty({ example: 4.2, description: 'Reported cost, else the estimate (USD)' }) costUsd: number;
  @ApiProperty({ example: 180000 }) tokens: number;
  @ApiProperty({ type: Number, nullable: true, example: 1260 }) durationAvgSeconds: number | null;
}

export class AgentRollupResponse {
  @ApiProperty({ example: '2026-09-01', format: 'date' }) from: string;
  @ApiProperty({ example: '2026-11-29', format: 'date' }) to: string;
  @ApiProperty({ type: [AgentDayRollupResponse] }) items: AgentDayRollupResponse[];
}

export class ModuleRowsResponse {
  @ApiProperty({ example: 'tasks' }) module: string;
  @ApiProperty({ example: 1200000 }) estimatedRows: number;
  @ApiProperty({ example: 734003200 }) sizeBytes: number;
}

export class SlowStatementsResponse {
  @ApiProperty({ example: true, description: 'false when pg_stat_statements is not installed or not preloaded' }) available: boolean;
  @ApiProperty({ type: 'array', items: FREE, example: [{ query: 'select ...', calls: 10, mean_ms: 12.5 }], description: 'Empty when unavailable' })
  statements: Array<Record<string, unknown>>;
}

export class SystemHealthResponse {
  @ApiProperty() checkedAt: Date;
  @ApiProperty({ example: 734003200 }) databaseSizeBytes: number;
  @ApiProperty({ example: 12 }) connections: number;
  @ApiProperty({ type: SlowStatementsResponse }) slowestStatements: SlowStatementsResponse;
  @ApiProperty({
    type: 'array',
    items: FREE,
    example: [{ table: 'tasks', index: 'tasks_due_idx', scans: 0, size_bytes: 8192 }],
    description: 'Least used indexes first',
  })
  indexUsage: Array<Record<string, unknown>>;
  @ApiProperty({ type: 'array', items: FREE, example: [{ queue: 'analysis', state: 'queued', jobs: 3, oldest: '2026-11-30T10:00:00Z' }] })
  queues: Array<Record<string, unknown>>;
  @ApiProperty({ type: 'array', items: FREE, example: [{ table: 'tasks', estimated_rows: 1000, size_bytes: 81920 }] })
  tables: Array<Record<string, unknown>>;
  @ApiProperty({ type: [ModuleRowsResponse] }) modules: ModuleRowsResponse[];
  @ApiProperty({
    type: 'array',
    items: FREE,
    example: [{ platform: 'github', deliveries: 1200, pending: 3, dead: 0, oldest_pending_seconds: 1.2, lag_p50_seconds: 0.08, lag_p95_seconds: 0.4 }],
    description: 'Webhook deliveries of the last hour per platform: received, unfinished, dead, age of the oldest unfinished one, processing lag',
  })
  webhooks: Array<Record<string, unknown>>;
}
