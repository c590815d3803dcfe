import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min, registerDecorator, ValidateNested } from 'class-validator';
import { ExpectedVersion, FREE_FORM_JSON, IsPlainJson, IsRecordOf, mapOf } from '@switchyard/http';
import { TIERS, Tier } from '../../domain/organization';
import { MAX_RETENTION_DAYS, RETENTION_KEYS } from '../../domain/retention';

export class OrganizationLimitsDto {
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(0) maxProjects?: number;
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsInt() @Min(0) maxMembers?: number;
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsInt() @Min(0) maxAgents?: number;
  @ApiPropertyOptional({ example: 5 }) @IsOptional() @IsInt() @Min(0) maxConcurrentAgentRuns?: number;
  @ApiPropertyOptional({ example: 500 }) @IsOptional() @IsNumber() @Min(0) monthlyAgentBudgetUsd?: number;
}

/**
 * `settings.retentionDays`, when given: an object of known keys (RETENTION_KEYS), each a whole
 * number of days from 1 to MAX_RETENTION_DAYS. The scheduled maintenance reads it (audit log
 * retention, partition_maintain): a value it could not use would silently fall back to the default.
 */
function HasValidRetention() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'hasValidRetention',
      target: target.constructor,
      propertyName,
      options: {
        message: `retentionDays must be an object with only ${RETENTION_KEYS.join(', ')}, each a whole number of days from 1 to ${MAX_RETENTION_DAYS}`,
      },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || !('retentionDays' in value)) return true;
          const retention = (value as { retentionDays: unknown }).retentionDays;
          if (typeof retention !== 'object' || retention === null || Array.isArray(retention)) return false;
          return Object.entries(retention).every(
            ([key, days]) =>
              (RETENTION_KEYS as readonly string[]).includes(key) && Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_RETENTION_DAYS,
          );
        },
      },
    });
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
    example: { timezone: 'Europe/Paris', defaultBranch: 'main', retentionDays: { auditLogs: 730, events: 90 } },
    description:
      'Free-form settings object (max 16 KiB). One key is read by the service: `retentionDays`, how long this organization’s records are kept, ' +
      'per kind — `auditLogs`, `events`, `pipelines` (executions and steps), `pipelineLogs`, `metrics`, `webhookDeliveries`, `componentCommunications` — each a whole number of days from 1 to 36500; ' +
      'a kind left out keeps the platform default (README, "Retention"). The scheduled maintenance deletes older records.',
  })
  @IsOptional()
  @IsObject()
  @IsPlainJson(16_384)
  @HasValidRetention()
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
