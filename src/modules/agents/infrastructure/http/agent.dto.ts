import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExpectedVersion, FREE_FORM_JSON, IsPlainJson, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PROVIDERS, Provider } from '../../domain/agent';

export class CapabilitiesDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['typescript', 'python'],
    description: 'Languages the agent works in; a task labelled `lang:<x>` needs one of them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: [String], example: ['task', 'bug'], description: 'Task types it takes (empty: any)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(['epic', 'story', 'task', 'bug', 'subtask'], { each: true })
  taskTypes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['backend'], description: 'Labels a task must all carry for the agent to pull it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  labels?: string[];
}

export class CredentialsRequest {
  @ApiProperty({ example: '1234', description: "The provider's organization id (Codegen: your numeric org id)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, _ or -' })
  organizationId: string;

  @ApiProperty({
    example: 'sk-codegen-0123456789abcdef',
    writeOnly: true,
    maxLength: 4096,
    description: 'The API token (visible ASCII, as an HTTP header carries it); sealed at rest, never returned',
  })
  @IsString()
  @MaxLength(4096)
  // Sent as `Authorization: Bearer <token>`: a token an HTTP header cannot carry would be stored, then fail every run.
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be visible ASCII characters (no spaces or control characters)' })
  apiToken: string;
}

export class CreateAgentRequest {
  @ApiProperty({ example: 'Backend fixer', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'coding', description: 'Free classification: lowercase letters, digits, _ or - (e.g. coding, review, docs)' })
  @Matches(/^[a-z][a-z0-9_-]{0,49}$/, { message: 'must be lowercase letters, digits, _ or -, starting with a letter (50 at most)' })
  type: string;

  @ApiProperty({ enum: PROVIDERS, example: 'codegen' })
  @IsIn(PROVIDERS)
  provider: Provider;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { repository: 'acme/payments' }, description: 'Any JSON object up to 16 kB' })
  @IsOptional()
  @IsPlainJson(16_384)
  configuration?: Record<string, unknown>;

  @ApiPropertyOptional({ type: CapabilitiesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapabilitiesDto)
  capabilities?: CapabilitiesDto;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 2, default: 1, minimum: 1, maximum: 1000, description: 'Runs of this agent at the provider at once' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrentRuns?: number;

  @ApiPropertyOptional({
    example: 100,
    nullable: true,
    type: Number,
    maximum: 99_999_999,
    description: "This agent's own monthly budget in USD (on top of the organization's)",
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(99_999_999) // numeric(12, 4) holds 8 integer digits
  monthlyBudgetUsd?: number | null;

  @ApiPropertyOptional({ type: CredentialsRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => CredentialsRequest)
  credentials?: CredentialsRequest;
}

export class UpdateAgentRequest {
  @ExpectedVersion()
  version: number;

  @ApiPropertyOptional({ example: 'Backend fixer', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'coding' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,49}$/, { message: 'must be lowercase letters, digits, _ or -, starting with a letter (50 at most)' })
  type?: string;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { repository: 'acme/payments' } })
  @IsOptional()
  @IsPlainJson(16_384)
  configuration?: Record<string, unknown>;

  @ApiPropertyOptional({ type: CapabilitiesDto, description: 'Lists given replace the current ones; lists left out stay' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapabilitiesDto)
  capabilities?: CapabilitiesDto;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 2, minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrentRuns?: number;

  @ApiPropertyOptional({ example: 100, nullable: true, type: Number, maximum: 99_999_999 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(99_999_999) // numeric(12, 4) holds 8 integer digits
  monthlyBudgetUsd?: number | null;
}

export class AgentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: true, description: 'Only active (true) or inactive (false) agents' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class CapabilitiesResponse {
  @ApiProperty({ type: [String], example: ['typescript'] }) languages: string[];
  @ApiProperty({ type: [String], example: ['task', 'bug'] }) taskTypes: string[];
  @ApiProperty({ type: [String], example: ['backend'] }) labels: string[];
}

export class UsageStatsResponse {
  @ApiProperty({ example: 12 }) runs: number;
  @ApiProperty({ example: 9 }) completed: number;
  @ApiProperty({ example: 2 }) failed: number;
  @ApiProperty({ example: 1 }) cancelled: number;
  @ApiProperty({ example: 0.5412, description: 'Estimated: the Codegen API reports no cost' }) estimatedCostUsd: number;
  @ApiProperty({ example: '2026-11-30T10:00:00.000Z', nullable: true, type: String }) lastRunAt: string | null;
}

export class CredentialsInfoResponse {
  @ApiProperty({ example: '1234' }) externalOrganizationId: string;
  @ApiProperty({ example: 'k2026', description: 'Id of the key that sealed the token (rotation)' }) keyId: string;
  @ApiProperty() rotatedAt: Date;
}

export class AgentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Backend fixer' }) name: string;
  @ApiProperty({ example: 'coding' }) type: string;
  @ApiProperty({ enum: PROVIDERS, example: 'codegen' }) provider: string;
  @ApiProperty({ ...FREE_FORM_JSON, example: { repository: 'acme/payments' } }) configuration: Record<string, unknown>;
  @ApiProperty({ type: CapabilitiesResponse }) capabilities: CapabilitiesResponse;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: 2 }) maxConcurrentRuns: number;
  @ApiProperty({ example: 100, nullable: true, type: Number }) monthlyBudgetUsd: number | null;
  @ApiProperty({ type: UsageStatsResponse }) usageStats: UsageStatsResponse;
  @ApiProperty({
    type: CredentialsInfoResponse,
    nullable: true,
    description: 'Whether credentials are set and which key sealed them; the token is never returned',
  })
  credentials: CredentialsInfoResponse | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
