import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { ExpectedVersion, FREE_FORM_JSON, IsPlainJson, IsRecordOf, mapOf } from '@switchyard/http';
import { TIERS, Tier } from '../../domain/organization';

export class OrganizationLimitsDto {
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(0) maxProjects?: number;
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsInt() @Min(0) maxMembers?: number;
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsInt() @Min(0) maxAgents?: number;
  @ApiPropertyOptional({ example: 5 }) @IsOptional() @IsInt() @Min(0) maxConcurrentAgentRuns?: number;
  @ApiPropertyOptional({ example: 500 }) @IsOptional() @IsNumber() @Min(0) monthlyAgentBudgetUsd?: number;
}

export class UpdateOrganizationRequest {
  @ExpectedVersion()
  version: number;

  @ApiPropertyOptional({ example: 'Acme Robotics Ltd' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: TIERS, description: 'Owners only' })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({
    ...FREE_FORM_JSON,
    example: { timezone: 'Europe/Paris', defaultBranch: 'main' },
    description: 'Free-form settings object (max 16 KiB)',
  })
  @IsOptional()
  @IsObject()
  @IsPlainJson(16_384)
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ ...mapOf('boolean'), example: { agents: true, linearSync: false }, description: 'Feature flags: name → on/off (at most 200)' })
  @IsOptional()
  @IsObject()
  @IsRecordOf('boolean', 200)
  features?: Record<string, boolean>;

  @ApiPropertyOptional({ type: OrganizationLimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganizationLimitsDto)
  limits?: OrganizationLimitsDto;
}

export class DeleteOrganizationQuery {
  @ApiProperty({ example: 'acme', description: "The organization's slug, as confirmation" })
  @IsString()
  @MaxLength(100)
  confirm: string;
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme Robotics' }) name: string;
  @ApiProperty({ example: 'acme' }) slug: string;
  @ApiProperty({ enum: TIERS }) tier: Tier;
  @ApiProperty({ ...FREE_FORM_JSON, example: { timezone: 'Europe/Paris' } }) settings: Record<string, unknown>;
  @ApiProperty({ ...mapOf('boolean'), example: { agents: true } }) features: Record<string, boolean>;
  @ApiProperty({ type: OrganizationLimitsDto }) limits: OrganizationLimitsDto;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UpdateMeRequest {
  @ApiPropertyOptional({ example: 'Ada King' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { theme: 'dark' }, description: 'Free-form preferences (max 16 KiB)' })
  @IsOptional()
  @IsObject()
  @IsPlainJson(16_384)
  preferences?: Record<string, unknown>;

  @ApiPropertyOptional({
    ...mapOf('string'),
    example: { github: 'ada', linear: 'usr_123', slack: 'U0123' },
    description: 'Ids of this person on integrated platforms: platform → id (at most 20)',
  })
  @IsOptional()
  @IsObject()
  @IsRecordOf('string', 20)
  externalIds?: Record<string, string>;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@acme.dev' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: string;
  @ApiProperty({ ...FREE_FORM_JSON, example: { theme: 'dark' } }) preferences: Record<string, unknown>;
  @ApiProperty({ ...mapOf('string'), example: { github: 'ada' } }) externalIds: Record<string, string>;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty() createdAt: Date;
}

class MeActor {
  @ApiProperty({ enum: ['user', 'api_key'] }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['owner', 'admin', 'member', 'viewer'] }) role: string;
}

export class MeResponse {
  @ApiProperty({ type: MeActor }) actor: MeActor;
  @ApiProperty({ type: UserResponse, nullable: true, description: 'Null when the caller is an API key' }) user: UserResponse | null;
  @ApiProperty({ type: OrganizationResponse }) organization: OrganizationResponse;
}
