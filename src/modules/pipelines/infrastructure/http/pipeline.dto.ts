import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExpectedVersion, FREE_FORM_JSON, IsPlainJson, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsAnyUuid } from './uuid.validator';
import { EXECUTION_STATUSES, STEP_STATUSES, TRIGGERS } from '../../domain/execution';
import { MAX_STEPS } from '../../domain/pipeline-spec';

const UUID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const SPEC_EXAMPLE = {
  stages: ['build', 'test', 'deploy'],
  steps: [
    { key: 'build', stage: 'build', command: 'npm ci && npm run build', image: 'node:20', labels: ['linux'] },
    { key: 'test', stage: 'test', command: 'npm test', needs: ['build'], retry: { maxAttempts: 3, exitCodes: [137] }, timeoutSeconds: 1800 },
    { key: 'deploy', stage: 'deploy', uses: 'acme/deploy@v2', needs: ['test'], env: { REGION: 'eu-west-1' } },
  ],
  triggers: {
    push: { branches: ['main', 'release/*'] },
    pullRequest: { branches: ['main'] },
    schedule: ['0 3 * * *'],
    manual: { inputs: { environment: { type: 'choice', options: ['staging', 'production'], default: 'staging' } } },
  },
  concurrency: { group: 'deploy-${branch}', policy: 'queue', limit: 1, maxQueued: 5 },
  timeoutSeconds: 7200,
  deployment: true,
};

const SPEC_DESCRIPTION =
  `The definition (JSON, at most 256 kB): \`steps\` (1–${MAX_STEPS}; each a \`key\`, exactly one of \`command\` or \`uses\`, optional \`name\`, \`stage\`, \`image\`, ` +
  '`env` (no secrets: names like *_TOKEN are refused), `timeoutSeconds`, `needs` (keys of other steps: a DAG), `labels` (a runner must carry them all), ' +
  '`retry` `{ maxAttempts ≤ 10, exitCodes }` (no codes: any non-zero code retries)), optional `stages` (order), `triggers` ' +
  '(`push`/`pullRequest` `{ branches: globs }`, `schedule`: cron expressions in UTC, `manual` `{ inputs: { name: { type: string|number|boolean|choice, required, default, options } } }`; ' +
  'omitted: manual only), `concurrency` `{ group (may use ${branch}, ${pipeline}), policy: limit|queue|cancel-in-progress, limit, maxQueued }`, ' +
  '`timeoutSeconds` of the whole execution, `deployment` (counts in DORA figures). Problems answer 422 with the path of each offending value, e.g. `spec.steps[2].needs[0]`.';

export class CreatePipelineRequest {
  @ApiProperty({ format: 'uuid', example: UUID }) @IsAnyUuid() projectId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The repository whose push / pull-request events trigger it',
    example: UUID,
  })
  @IsOptional()
  @IsAnyUuid()
  repositoryId?: string | null;

  @ApiProperty({ example: 'CI', minLength: 1, maxLength: 200, description: 'Unique in the project (case-insensitive)' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ ...FREE_FORM_JSON, example: SPEC_EXAMPLE, description: SPEC_DESCRIPTION })
  @IsPlainJson(262_144)
  spec: Record<string, unknown>;
}

export class UpdatePipelineRequest {
  @ExpectedVersion() version: number;

  @ApiPropertyOptional({ example: 'CI', minLength: 1, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, example: UUID })
  @IsOptional()
  @IsAnyUuid()
  repositoryId?: string | null;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: SPEC_EXAMPLE, description: `A new spec makes a new version. ${SPEC_DESCRIPTION}` })
  @IsOptional()
  @IsPlainJson(262_144)
  spec?: Record<string, unknown>;
}

export class PipelineListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() repositoryId?: string;
  @ApiPropertyOptional({ type: Boolean, default: false }) @IsOptional() @Transform(toBoolean) @IsBoolean() includeArchived?: boolean;
}

export class PipelineResponse {
  @ApiProperty({ format: 'uuid', example: UUID }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) repositoryId: string | null;
  @ApiProperty({ example: 'CI' }) name: string;
  @ApiProperty({ example: 3, description: 'The spec version new executions run' }) currentVersion: number;
  @ApiProperty({ example: true }) isDeployment: boolean;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) archivedAt: Date | null;
  @ApiProperty({ example: 3, description: 'For optimistic concurrency (PATCH)' }) version: number;
  @ApiProperty({ ...FREE_FORM_JSON, example: SPEC_EXAMPLE, description: 'The current version’s spec, normalised (defaults filled in)' })
  spec: Record<string, unknown>;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class PipelineVersionResponse {
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ ...FREE_FORM_JSON, example: SPEC_EXAMPLE }) spec: Record<string, unknown>;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
}

export class PipelineVersionsResponse {
  @ApiProperty({ type: [PipelineVersionResponse], description: 'Newest first' }) items: PipelineVersionResponse[];
}

export class TriggerExecutionRequest {
  @ApiPropertyOptional({ example: 'main', maxLength: 255 }) @IsOptional() @IsString() @Length(1, 255) branch?: string;

  @ApiPropertyOptional({ example: '9fceb02d0ae598e95dc970b74767f19372d61af8', description: 'Hex, 7–64 characters' })
  @IsOptional()
  @Matches(/^[0-9a-f]{7,64}$/)
  commitSha?: string;

  @ApiPropertyOptional({
    ...FREE_FORM_JSON,
    example: { environment: 'production' },
    description: 'Checked against the manual trigger’s typed inputs; defaults filled in',
  })
  @IsOptional()
  @IsPlainJson(65_536)
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 10, minimum: -100, maximum: 100, default: 0, description: 'Higher is claimed first within the organization' })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 20, description: 'Tasks this execution works for (linked both ways)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsAnyUuid({ each: true })
  taskIds?: string[];
}

export class ExecutionListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() pipelineId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsAnyUuid() projectId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Executions linked to this task' }) @IsOptional() @IsAnyUuid() taskId?: string;
  @ApiPropertyOptional({ example: 'main' }) @IsOptional() @IsString() @MaxLength(255) branch?: string;
  @ApiPropertyOptional({ enum: EXECUTION_STATUSES }) @IsOptional() @IsIn(EXECUTION_STATUSES) status?: (typeof EXECUTION_STATUSES)[number];
}

export class ActorResponse {
  @ApiProperty({ enum: ['user', 'api_key', 'integration', 'system'] }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) id: string | null;
}

export class ExecutionResponse {
  @ApiProperty({ format: 'uuid', example: UUID }) id: string;
  @ApiProperty({ format: 'uuid' }) pipelineId: string;
  @ApiProperty({ example: 3, description: 'The definition version it runs (kept when the pipeline is edited)' }) pipelineVersion: number;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ enum: TRIGGERS }) trigger: string;
  @ApiProperty({ type: ActorResponse, nullable: true, example: 'main' }) actor: ActorResponse | null;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02d0ae598e95dc970b74767f19372d61af8' }) commitSha: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'main' }) branch: string | null;
  @ApiProperty({ ...FREE_FORM_JSON, example: { environment: 'staging' } }) inputs: Record<string, unknown>;
  @ApiProperty({ enum: EXECUTION_STATUSES, example: 'running' }) status: string;
  @ApiProperty({ nullable: true, type: String, example: 'deploy-main' }) concurrencyGroup: string | null;
  @ApiProperty({ description: 'False while it waits for a slot of its concurrency group' }) admitted: boolean;
  @ApiProperty({ example: 0 }) priority: number;
  @ApiProperty() isDeployment: boolean;
  @ApiProperty({ example: 1, description: '1, then +1 for each re-run of failed steps' }) runAttempt: number;
  @ApiProperty({ example: 7200 }) timeoutSeconds: number;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) deadlineAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: 'main' }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'For runs mirrored from GitHub Actions', example: 'main' }) externalUrl: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) templateVersionId: string | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) finishedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class StepResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'test' }) key: string;
  @ApiProperty({ example: 'test' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'test' }) stage: string | null;
  @ApiProperty({ example: 1 }) position: number;
  @ApiProperty({ type: [String], example: ['build'] }) needs: string[];
  @ApiProperty({ type: [String], example: ['linux'] }) labels: string[];
  @ApiProperty({ enum: STEP_STATUSES }) status: string;
  @ApiProperty({ example: 1, description: 'Attempts started (claims), retries and lost leases included' }) attempt: number;
  @ApiProperty({ example: 3 }) maxAttempts: number;
  @ApiProperty({ type: [Number], example: [137] }) retryExitCodes: number[];
  @ApiProperty({ example: 1800 }) timeoutSeconds: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) runnerId: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 0 }) exitCode: number | null;
  @ApiProperty({ example: 12 }) logChunks: number;
  @ApiProperty({ example: 48213 }) logBytes: number;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) queuedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) finishedAt: Date | null;
}

export class ExecutionDetailResponse extends ExecutionResponse {
  @ApiProperty({ type: [StepResponse] }) steps: StepResponse[];
  @ApiProperty({ type: [String], format: 'uuid' }) taskIds: string[];
}

export class CancelExecutionRequest {
  @ApiPropertyOptional({ example: 'Wrong commit', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ArtifactResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: UUID }) stepId: string | null;
  @ApiProperty({ example: 'coverage.tar.gz' }) name: string;
  @ApiProperty({ example: 1048576 }) sizeBytes: number;
  @ApiProperty({ nullable: true, type: String, example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) checksum: string | null;
  @ApiProperty({ example: 's3://ci-artifacts/acme/coverage.tar.gz' }) storageUri: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty() createdAt: Date;
}

export class ArtifactListResponse {
  @ApiProperty({ type: [ArtifactResponse] }) items: ArtifactResponse[];
}

export class LogQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'Default: the latest attempt' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  attempt?: number;
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'The first chunk to return (nextSeq of the previous page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  fromSeq: number = 0;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 100;
}

export class LogChunkResponse {
  @ApiProperty({ example: 0 }) seq: number;
  @ApiProperty({ example: '$ npm test\n' }) content: string;
}

export class LogResponse {
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ type: [LogChunkResponse] }) chunks: LogChunkResponse[];
  @ApiProperty({ example: 12, description: 'Pass as fromSeq for the next page' }) nextSeq: number;
  @ApiProperty({ description: 'The step finished and this page reached the end' }) complete: boolean;
}

export class AnalyticsQuery {
  @ApiPropertyOptional({ example: 'main', description: 'One branch only' }) @IsOptional() @IsString() @MaxLength(255) branch?: string;
  @ApiPropertyOptional({ example: 30, minimum: 1, maximum: 366, default: 30, description: 'The window: the last N days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days: number = 30;
}

export class FlakyStepResponse {
  @ApiProperty({ example: 'test' }) key: string;
  @ApiProperty({ example: 4, description: 'Commits on which the step failed, then passed' }) flakyCommits: number;
}

export class DoraResponse {
  @ApiProperty({ example: 1.4, description: 'Successful deployments per day' }) deploymentsPerDay: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 5400,
    description: 'Median seconds from the commit (first execution seen for it) to its successful deployment',
  })
  leadTimeSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.12, description: 'Failed deployments / finished deployments' }) changeFailureRate: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 3600, description: 'Median seconds from a failed deployment to the next successful one' })
  timeToRestoreSeconds: number | null;
}

export class PipelineAnalyticsResponse {
  @ApiProperty({ format: 'uuid' }) pipelineId: string;
  @ApiProperty({ nullable: true, type: String, example: 'main' }) branch: string | null;
  @ApiProperty({ example: 30 }) days: number;
  @ApiProperty({ example: 120 }) executions: number;
  @ApiProperty({ example: 110 }) finished: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.93, description: 'succeeded / (succeeded + failed + timed_out)' }) successRate: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 412 }) durationP50Seconds: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 980 }) durationP95Seconds: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 8.5, description: 'Median seconds from queued to first step start' }) queueTimeP50Seconds:
    | number
    | null;
  @ApiProperty({ nullable: true, type: Number, example: 40 }) queueTimeP95Seconds: number | null;
  @ApiProperty({ type: [FlakyStepResponse] }) flakySteps: FlakyStepResponse[];
  @ApiProperty({ type: DoraResponse, nullable: true, description: 'Deployment pipelines only', example: 'main' }) dora: DoraResponse | null;
}

export class RegisterRunnerRequest {
  @ApiProperty({ example: 'linux-large-01', minLength: 1, maxLength: 200 }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['linux', 'x64', 'gpu'],
    maxItems: 50,
    description: 'A step runs here only if its labels are all among these',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/, { each: true })
  labels?: string[];
}

export class UpdateRunnerRequest {
  @ExpectedVersion() version: number;
  @ApiPropertyOptional({ example: 'linux-large-01' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: [String], example: ['linux'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/, { each: true })
  labels?: string[];
  @ApiPropertyOptional({ description: 'A disabled runner’s token is refused (401)' }) @IsOptional() @IsBoolean() disabled?: boolean;
}

export class RunnerResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'linux-large-01' }) name: string;
  @ApiProperty({ type: [String], example: ['linux', 'x64'] }) labels: string[];
  @ApiProperty() disabled: boolean;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) lastSeenAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class RunnerWithTokenResponse extends RunnerResponse {
  @ApiProperty({
    example: 'syr_3f1d7f0e8d494c399a571d0f5c2b8e11_Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg',
    description: 'The runner’s token, shown this once: send it as `Authorization: Bearer <token>` to the runner API',
  })
  token: string;
}

export class ClaimQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 120,
    default: 50,
    description: 'Seconds to wait for work (bounded by PIPELINE_CLAIM_MAX_WAIT_SECONDS, 50 by default); the answer may come up to a second later',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120)
  wait: number = 50;
}

export class ClaimedExecutionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pipelineId: string;
  @ApiProperty({ example: 3 }) pipelineVersion: number;
  @ApiProperty({ nullable: true, type: String, example: 'main' }) commitSha: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'main' }) branch: string | null;
  @ApiProperty({ ...FREE_FORM_JSON }) inputs: Record<string, unknown>;
  @ApiProperty({ example: 1 }) runAttempt: number;
}

export class StepClaimResponse {
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty({ example: 'test' }) key: string;
  @ApiProperty({ example: 'test' }) name: string;
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ example: 1800 }) timeoutSeconds: number;
  @ApiProperty({ ...FREE_FORM_JSON, example: { command: 'npm test', image: 'node:20', env: { CI: 'true' } } }) spec: Record<string, unknown>;
  @ApiProperty({ description: 'Send a heartbeat before this' }) leaseExpiresAt: Date;
  @ApiProperty({ type: ClaimedExecutionResponse }) execution: ClaimedExecutionResponse;
}

export class HeartbeatResponse {
  @ApiProperty({ description: 'Stop the step: it was cancelled or timed out' }) cancel: boolean;
  @ApiProperty({ enum: STEP_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-30T10:15:00.000Z' }) leaseExpiresAt: Date | null;
}

export class LogChunkRequest {
  @ApiProperty({ example: 0, minimum: 0, description: '0 for the first chunk of the attempt, then 1, 2...; any other answers 409' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  seq: number;
  @ApiProperty({ example: '$ npm test\n', maxLength: 262_144 }) @IsString() @MaxLength(262_144) content: string;
}

export class LogChunkAcceptedResponse {
  @ApiProperty({ example: 1 }) nextSeq: number;
  @ApiProperty({ example: 11 }) bytes: number;
}

export class ArtifactRequest {
  @ApiProperty({ example: 'coverage.tar.gz' }) @IsString() @Length(1, 255) name: string;
  @ApiProperty({ example: 1048576 }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) sizeBytes: number;
  @ApiPropertyOptional({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  checksum?: string;
  @ApiProperty({ example: 's3://ci-artifacts/acme/coverage.tar.gz', description: 'Schemes allowed by PIPELINE_ARTIFACT_URI_SCHEMES (422 otherwise)' })
  @IsString()
  @MaxLength(2000)
  storageUri: string;
  @ApiPropertyOptional({ description: 'Default: now + PIPELINE_ARTIFACT_TTL_DAYS' }) @IsOptional() @Type(() => Date) @IsDate() expiresAt?: Date;
}

export class FinishStepRequest {
  @ApiProperty({ example: 0, minimum: 0, maximum: 255 }) @IsInt() @Min(0) @Max(255) exitCode: number;
  @ApiPropertyOptional({ type: [ArtifactRequest], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ArtifactRequest)
  artifacts?: ArtifactRequest[];
}

export class FinishStepResponse {
  @ApiProperty({ enum: STEP_STATUSES, example: 'succeeded', description: '`queued` when the exit code triggered an automatic retry' }) status: string;
  @ApiProperty() retried: boolean;
}
