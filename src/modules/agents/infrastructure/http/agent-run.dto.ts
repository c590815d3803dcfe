import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FREE_FORM_JSON, IsPlainJson, PageQuery } from '@switchyard/http';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RUN_STATUSES, RunStatus, SOURCE_TYPES } from '../../domain/agent-run';

const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);

export class StartRunRequest {
  @ApiProperty({ example: 'Fix the flaky test in payments/refunds.spec.ts and open a pull request', maxLength: 100_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  prompt: string;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { repository: 'acme/payments', branch: 'main' }, description: 'Any JSON object up to 64 kB' })
  @IsOptional()
  @IsPlainJson(65_536)
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: 'A task of the organization the run is linked to' })
  @IsOptional()
  @IsUUID()
  taskId?: string;
}

export class HandOffRequest {
  @ApiProperty({ format: 'uuid', description: 'A backlog or todo task, free or already the agent’s' })
  @IsUUID()
  taskId: string;

  @ApiPropertyOptional({
    example: 'Implement the task; keep the public API unchanged',
    maxLength: 100_000,
    description: "Defaults to the task's title and description",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  prompt?: string;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { repository: 'acme/payments' } })
  @IsOptional()
  @IsPlainJson(65_536)
  context?: Record<string, unknown>;
}

export class PullRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only ready tasks of this project' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class RunListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES, isArray: true, example: 'running', description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsIn(RUN_STATUSES, { each: true })
  status?: RunStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  taskId?: string;
}

export class AllRunsQuery extends RunListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export class AnalyticsQuery {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Start of the window (runs created from); default 30 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'End of the window (exclusive); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class PullRequestLinkResponse {
  @ApiProperty({ example: 'https://github.com/acme/payments/pull/42' }) url: string;
  @ApiProperty({ example: 'Fix flaky refund test', nullable: true, type: String }) title: string | null;
  @ApiProperty({ example: 42, nullable: true, type: Number }) number: number | null;
}

export class AgentRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '5b0e6c1a-3f2d-4c7e-9a8b-1d2e3f4a5b6c' }) taskId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) templateVersionId: string | null;
  @ApiProperty({ example: 'Fix the flaky test' }) prompt: string;
  @ApiProperty({ ...FREE_FORM_JSON, example: { repository: 'acme/payments' } }) context: Record<string, unknown>;
  @ApiProperty({ enum: SOURCE_TYPES, example: 'api' }) sourceType: string;
  @ApiProperty({ enum: RUN_STATUSES, example: 'running' }) status: string;
  @ApiProperty({ example: '8812', nullable: true, type: String }) externalRunId: string | null;
  @ApiProperty({ example: 'https://codegen.com/agent/trace/8812', nullable: true, type: String }) webUrl: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Fixed the race in the refund handler; see the pull request' }) result: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Fixed a flaky test' }) summary: string | null;
  @ApiProperty({ type: [PullRequestLinkResponse] }) pullRequests: PullRequestLinkResponse[];
  @ApiProperty({ nullable: true, type: String, example: 'The provider refused the run (401): Invalid API token' }) error: string | null;
  @ApiProperty({ example: 1, description: 'Submissions to the provider' }) attempts: number;
  @ApiProperty({ example: 4, description: 'Status reads so far' }) polls: number;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:05:00.000Z', description: 'When the worker looks at the run next' })
  nextCheckAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:00:01.000Z' }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:00:01.000Z' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:12:40.000Z' }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T12:00:01.000Z' }) timeoutAt: Date | null;
  @ApiProperty({ example: 850, description: 'ESTIMATE (~4 characters per token)' }) estimatedInputTokens: number;
  @ApiProperty({ example: 4000, description: 'ESTIMATE: the expected output until the result is known, then its size' }) estimatedOutputTokens: number;
  @ApiProperty({ example: 0.062, description: 'ESTIMATE at the configured prices' }) estimatedCostUsd: number;
  @ApiProperty({ nullable: true, type: Number, example: 12000, description: 'Reported by the provider (Codegen reports none)' }) reportedTokens: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.05, description: 'Reported by the provider (Codegen reports none)' }) reportedCostUsd: number | null;
  @ApiProperty({ example: true, description: 'True while the cost is an estimate (no reported figure)' }) costIsEstimate: boolean;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class BoardTaskResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 'Fix the flaky refund test' }) title: string;
  @ApiProperty({ example: 'bug' }) type: string;
  @ApiProperty({ example: 'in_progress' }) status: string;
  @ApiProperty({ type: [String], example: ['backend'] }) labels: string[];
}

export class HandOffResponse {
  @ApiProperty({ type: AgentRunResponse }) run: AgentRunResponse;
  @ApiProperty({ type: BoardTaskResponse }) task: BoardTaskResponse;
}

export class PullResponse {
  @ApiProperty({ type: AgentRunResponse, nullable: true }) run: AgentRunResponse | null;
  @ApiProperty({ type: BoardTaskResponse, nullable: true }) task: BoardTaskResponse | null;
}

export class RunReportResponse {
  @ApiProperty({ example: 40 }) runs: number;
  @ApiProperty({ example: 30 }) completed: number;
  @ApiProperty({ example: 6 }) failed: number;
  @ApiProperty({ example: 2 }) cancelled: number;
  @ApiProperty({ example: 2 }) open: number;
  @ApiProperty({ example: 0.8333, nullable: true, type: Number, description: 'completed ÷ (completed + failed)' }) successRate: number | null;
  @ApiProperty({ example: 420000, nullable: true, type: Number }) durationP50Ms: number | null;
  @ApiProperty({ example: 1800000, nullable: true, type: Number }) durationP95Ms: number | null;
  @ApiProperty({ example: 2.41, description: 'ESTIMATE' }) estimatedCostUsd: number;
  @ApiProperty({ example: 1.2, nullable: true, type: Number }) reportedCostUsd: number | null;
  @ApiProperty({ example: 25 }) completedTasks: number;
  @ApiProperty({ example: 0.0964, nullable: true, type: Number }) costPerCompletedTaskUsd: number | null;
  @ApiProperty({ example: true }) costIsEstimate: boolean;
}

export class AgentRunReportResponse extends RunReportResponse {
  @ApiProperty({ format: 'uuid' }) agentId: string;
}

export class AgentAnalyticsResponse {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ type: RunReportResponse }) organization: RunReportResponse;
  @ApiProperty({ type: [AgentRunReportResponse] }) agents: AgentRunReportResponse[];
}
