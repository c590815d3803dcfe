import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON_VALUE, ExpectedVersion, IsRecordOf, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../../domain/delivery';
import { INTEGRATION_STATUSES } from '../../domain/integration';
import { Platform, PLATFORMS } from '../../domain/signatures';
import { NOTIFICATION_KINDS } from '../../application/integration-notifier';

const TASK_STATUSES = ['backlog', 'todo', 'in_progress', 'in_review', 'blocked', 'done', 'cancelled'];
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export class PullRequestSettingsDto {
  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    nullable: true,
    example: 'in_review',
    description: 'Status a linked task moves to when a pull request opens (null: no move)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(TASK_STATUSES)
  openedStatus?: string | null;

  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    nullable: true,
    example: 'done',
    description: 'Status a linked task moves to when its pull request is merged (null: no move)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(TASK_STATUSES)
  mergedStatus?: string | null;
}

export class LinearSettingsDto {
  @ApiPropertyOptional({ example: '9cfb482a-81e3-4154-b5b9-2c805e70a02d', description: 'Linear team of issues created from tasks' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Project new tasks from Linear issues go to' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class SlackSettingsDto {
  @ApiPropertyOptional({ example: 'C0123456789', description: 'Channel notifications go to' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9#_-]{1,80}$/)
  channel?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Project tasks from slash commands go to' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true, example: ['pipeline.failed'], description: 'Notifications sent to the channel' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(NOTIFICATION_KINDS, { each: true })
  notify?: string[];
}

export class ReconcileSettingsDto {
  @ApiPropertyOptional({ example: 'octo-org' })
  @IsOptional()
  @Matches(NAME)
  owner?: string;

  @ApiPropertyOptional({ example: 'octo-repo' })
  @IsOptional()
  @Matches(NAME)
  repo?: string;

  @ApiPropertyOptional({ example: 12345678, description: 'The repository webhook whose deliveries are listed' })
  @IsOptional()
  @IsInt()
  @Min(1)
  hookId?: number;

  @ApiPropertyOptional({ example: false, description: "List the GitHub App's webhook deliveries instead (credentials appId + privateKey)" })
  @IsOptional()
  @IsBoolean()
  app?: boolean;
}

export class IntegrationConfigurationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'uuid' },
    example: { PAY: '0b9c3f5e-8a4e-4a36-9a57-3f1d2c9e1a10' },
    description: 'Task key prefix → project id',
  })
  @IsOptional()
  @IsRecordOf('string', 50)
  taskKeyPrefixes?: Record<string, string>;

  @ApiPropertyOptional({ type: PullRequestSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PullRequestSettingsDto)
  pullRequests?: PullRequestSettingsDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Projects a repository registered from an installation is linked to' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  repositoryProjectIds?: string[];

  @ApiPropertyOptional({ type: LinearSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LinearSettingsDto)
  linear?: LinearSettingsDto;

  @ApiPropertyOptional({ type: SlackSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlackSettingsDto)
  slack?: SlackSettingsDto;

  @ApiPropertyOptional({ type: ReconcileSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReconcileSettingsDto)
  reconcile?: ReconcileSettingsDto;
}

export class CredentialsDto {
  @ApiPropertyOptional({ example: 'xoxb-…', description: 'API token: GitHub token, Linear API key or OAuth token, Slack bot token. Sealed; never answered.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  token?: string;

  @ApiPropertyOptional({ example: '123456', description: 'GitHub App id' })
  @IsOptional()
  @Matches(/^\d{1,20}$/)
  appId?: string;

  @ApiPropertyOptional({ description: 'GitHub App private key (PEM). Sealed; never answered.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  privateKey?: string;

  @ApiPropertyOptional({ example: '987654', description: 'GitHub App installation id' })
  @IsOptional()
  @Matches(/^\d{1,20}$/)
  installationId?: string;
}

export class CreateIntegrationRequest {
  @ApiProperty({ enum: PLATFORMS, example: 'github' })
  @IsIn(PLATFORMS)
  platform: Platform;

  @ApiProperty({ example: 'GitHub (acme)', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: IntegrationConfigurationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntegrationConfigurationDto)
  configuration?: IntegrationConfigurationDto;

  @ApiPropertyOptional({ type: CredentialsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CredentialsDto)
  credentials?: CredentialsDto;

  @ApiProperty({
    example: 'It’s a Secret to Everybody',
    minLength: 8,
    maxLength: 500,
    description: 'The secret the platform signs webhooks with. Sealed; never answered.',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  webhookSecret: string;
}

export class UpdateIntegrationRequest {
  @ExpectedVersion()
  version: number;

  @ApiPropertyOptional({ example: 'GitHub (acme)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: IntegrationConfigurationDto, description: 'Replaces the configuration as a whole' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntegrationConfigurationDto)
  configuration?: IntegrationConfigurationDto;

  @ApiPropertyOptional({ type: CredentialsDto, nullable: true, description: 'Replaces the credentials; null removes them' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => CredentialsDto)
  credentials?: CredentialsDto | null;

  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    example: 'disabled',
    description: 'Disabled: webhooks are still stored, but not processed, and nothing is sent',
  })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}

export class RotateSecretRequest {
  @ApiProperty({ example: 'a-new-long-random-secret', minLength: 8, maxLength: 500 })
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  webhookSecret: string;

  @ApiPropertyOptional({
    example: 86400,
    minimum: 0,
    maximum: 2592000,
    description: 'Seconds the previous secret is still accepted (default INTEGRATIONS_SECRET_GRACE_SECONDS)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_592_000)
  graceSeconds?: number;
}

export class IntegrationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: Platform;
}

export class IntegrationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: PLATFORMS, example: 'github' }) platform: string;
  @ApiProperty({ example: 'GitHub (acme)' }) name: string;
  @ApiProperty({ type: IntegrationConfigurationDto }) configuration: IntegrationConfigurationDto;
  @ApiProperty({ example: true, description: 'Whether credentials are stored (they are never answered)' }) hasCredentials: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-30T04:00:00.000Z',
    description: 'Until when the previous webhook secret is still accepted',
  })
  previousSecretValidUntil: Date | null;
  @ApiProperty({ enum: INTEGRATION_STATUSES, example: 'active' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) lastSuccessAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) lastErrorAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError: string | null;
  @ApiProperty({ example: 0 }) consecutiveFailures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z', description: 'Outbound calls pause until then' })
  circuitOpenUntil: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, isArray: true, description: 'Comma-separated statuses' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(DELIVERY_STATUSES, { each: true })
  status?: DeliveryStatus[];
}

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ enum: PLATFORMS, example: 'github' }) platform: string;
  @ApiProperty({ example: 'pull_request.opened' }) event: string;
  @ApiProperty({ example: '72d3162e-cc78-11e3-81ab-4c9367dc0958', description: 'X-GitHub-Delivery, Linear-Delivery, Slack event_id or trigger_id' })
  dedupKey: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'processed' }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ ...ANY_JSON_VALUE, example: { branch: 'main', applied: true }, description: 'What processing did (free-form JSON); null until processed' })
  outcome: unknown;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) processedAt: Date | null;
}

export class ReplayDeadRequest {
  @ApiProperty({ example: '2026-11-30T00:00:00Z', description: 'Dead deliveries received from this time…' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-11-30T12:00:00Z', description: '…up to (not including) this time' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ example: 500, minimum: 1, maximum: 5000, default: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class ReplayDeadResponse {
  @ApiProperty({ type: [String], format: 'uuid', description: 'The deliveries queued again' }) replayed: string[];
}

export class HealthResponse {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ enum: INTEGRATION_STATUSES }) status: string;
  @ApiProperty({ example: false }) circuitOpen: boolean;
  @ApiProperty({ example: 0 }) consecutiveFailures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) lastSuccessAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) lastErrorAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500' }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'Start of the window (one hour)' }) windowStart: Date;
  @ApiProperty({ example: 120 }) deliveries: number;
  @ApiProperty({ example: 118 }) processed: number;
  @ApiProperty({ example: 1 }) failed: number;
  @ApiProperty({ example: 0 }) dead: number;
  @ApiProperty({ example: 1 }) pending: number;
  @ApiProperty({ type: Number, nullable: true, example: 45 }) lagP50Ms: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 310 }) lagP99Ms: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 820 }) lagMaxMs: number | null;
}

export class CommunicationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['inbound', 'outbound'] })
  @IsOptional()
  @IsIn(['inbound', 'outbound'])
  direction?: 'inbound' | 'outbound';
}

export class CommunicationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) componentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1c1f7e-2d1a-4c1e-9a57-3f1d2c9e1a10' }) integrationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427' }) deliveryId: string | null;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction: string;
  @ApiProperty({ example: 'slack.post_message' }) operation: string;
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ type: Number, nullable: true, example: 10000 }) timeoutMs: number | null;
  @ApiProperty({ enum: ['succeeded', 'failed', 'timeout', 'refused', 'rate_limited', 'ignored'] }) status: string;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) httpStatus: number | null;
  @ApiProperty({ example: 84 }) durationMs: number;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'b7c1…' }) correlationId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ComponentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'github:GitHub (acme)' }) name: string;
  @ApiProperty({ enum: ['github', 'linear', 'slack', 'codegen', 'other'] }) kind: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1c1f7e-2d1a-4c1e-9a57-3f1d2c9e1a10' }) integrationId: string | null;
  @ApiProperty({ type: [String], example: ['webhooks', 'push'] }) capabilities: string[];
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy', 'unknown'] }) healthStatus: string;
  @ApiProperty({ type: Number, nullable: true, example: 84.5 }) avgResponseMs: number | null;
  @ApiProperty({ example: 120 }) calls: number;
  @ApiProperty({ example: 2 }) failures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) lastSeenAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class WebhookAcceptedResponse {
  @ApiPropertyOptional({ format: 'uuid', description: 'The stored delivery (absent for Slack url_verification and slash-command replies)' })
  deliveryId?: string;
  @ApiPropertyOptional({ example: false, description: 'True when this delivery id was already accepted: nothing new was stored' }) duplicate?: boolean;
  @ApiPropertyOptional({ example: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', description: 'Slack url_verification: the challenge echoed' })
  challenge?: string;
  @ApiPropertyOptional({ example: 'ephemeral', description: 'Slack slash command: the immediate reply' }) response_type?: string;
  @ApiPropertyOptional({ example: 'Creating a task: Fix the login page' }) text?: string;
}
