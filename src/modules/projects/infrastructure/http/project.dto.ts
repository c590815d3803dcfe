import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExpectedVersion, PageQuery } from '@switchyard/http';
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PROJECT_STATUSES, PROJECT_SLUG_PATTERN, ProjectStatus, TAG_PATTERN } from '../../domain/project';
import { PROJECT_SORTS, ProjectSort } from '../../application/project.repository';

/** `?status=active,on_hold` or `?status=active&status=on_hold`. */
export const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);

export class ProjectNotificationSettings {
  @ApiPropertyOptional({ example: '#payments-eng', description: 'Slack channel for project notifications' })
  @IsOptional()
  @Matches(/^#?[a-z0-9][a-z0-9._-]{0,79}$/, { message: 'must be a Slack channel name such as #payments-eng' })
  slackChannel?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  onStatusChange?: boolean;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  onAnalysisFailure?: boolean;
}

/** The known shape of `settings`: unknown keys are refused like any other unknown field. */
export class ProjectSettingsDto {
  @ApiPropertyOptional({ example: 'PAY', description: 'Prefix of task keys (2–10 capitals or digits, starting with a letter)' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]{1,9}$/, { message: 'must be 2 to 10 capital letters or digits, starting with a letter' })
  taskKeyPrefix?: string;

  @ApiPropertyOptional({ enum: ['points', 'hours', 'days'], example: 'points' })
  @IsOptional()
  @IsIn(['points', 'hours', 'days'])
  estimationUnit?: 'points' | 'hours' | 'days';

  @ApiPropertyOptional({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays the team works on (1 = Monday)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  workingDays?: number[];

  @ApiPropertyOptional({ example: 'main' })
  @IsOptional()
  @IsString()
  @Matches(/^[^\s~^:?*[\\]{1,255}$/, { message: 'must be a valid git branch name' })
  defaultBranch?: string;

  @ApiPropertyOptional({ example: true, description: 'Tasks pass through in_review before done' })
  @IsOptional()
  @IsBoolean()
  requireReview?: boolean;

  @ApiPropertyOptional({ type: ProjectNotificationSettings })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProjectNotificationSettings)
  notifications?: ProjectNotificationSettings;
}

class ProjectFields {
  @ApiPropertyOptional({ example: 'Payments platform, v2 rewrite', maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({
    example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A member of the organization',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  leadId?: string | null;

  @ApiPropertyOptional({ example: ['backend', 'q3'], description: 'Lower-cased labels (letters, digits, . _ : -), at most 50' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)) : value))
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1–50 letters, digits or . _ : -' })
  tags?: string[];

  @ApiPropertyOptional({ type: ProjectSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProjectSettingsDto)
  settings?: ProjectSettingsDto;

  @ApiPropertyOptional({ example: '2025-01-06', nullable: true, type: String, format: 'date' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2025-01-06' })
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2025-03-31', nullable: true, type: String, format: 'date' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2025-03-31' })
  targetDate?: string | null;
}

export class CreateProjectRequest extends ProjectFields {
  @ApiProperty({ example: 'Payments API', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'payments-api', description: 'Unique in the organization; derived from the name when absent' })
  @IsOptional()
  @Matches(PROJECT_SLUG_PATTERN, { message: 'must be lowercase letters, digits and dashes (1–63), not starting or ending with a dash' })
  slug?: string;

  @ApiPropertyOptional({ enum: ['planning', 'active'], default: 'planning', description: 'Projects start as planning, or active (with a lead)' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;
}

export class UpdateProjectRequest extends ProjectFields {
  @ExpectedVersion()
  version: number;

  @ApiPropertyOptional({ example: 'Payments API' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'payments-api' })
  @IsOptional()
  @Matches(PROJECT_SLUG_PATTERN, { message: 'must be lowercase letters, digits and dashes (1–63), not starting or ending with a dash' })
  slug?: string;
}

export class TransitionProjectRequest {
  @ApiProperty({ enum: PROJECT_STATUSES, example: 'active', description: 'The status to move to' })
  @IsIn(PROJECT_STATUSES)
  to: ProjectStatus;

  @ExpectedVersion({ optional: true, description: 'When given, the move is refused with 409 if the project changed since' })
  version?: number;
}

export class ArchiveProjectRequest {
  @ExpectedVersion({ optional: true })
  version?: number;
}

export class ProjectListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROJECT_STATUSES, isArray: true, description: 'One or more statuses (repeat the parameter or separate with commas)' })
  @IsOptional()
  @Transform(toList)
  @IsIn(PROJECT_STATUSES, { each: true })
  status?: ProjectStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiPropertyOptional({ example: 'backend' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(TAG_PATTERN)
  tag?: string;

  @ApiPropertyOptional({ example: 'payments', description: 'Case-insensitive text in name, slug or description' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: PROJECT_SORTS, default: '-createdAt', description: 'Sort key; a leading - sorts descending' })
  @IsOptional()
  @IsIn(PROJECT_SORTS)
  sort: ProjectSort = '-createdAt';
}

export class ProjectResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ example: 'Payments API' }) name: string;
  @ApiProperty({ example: 'payments-api' }) slug: string;
  @ApiProperty({ example: 'Payments platform, v2 rewrite' }) description: string;
  @ApiProperty({ enum: PROJECT_STATUSES, example: 'active' }) status: ProjectStatus;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ example: ['backend', 'q3'] }) tags: string[];
  @ApiProperty({ type: ProjectSettingsDto, example: { taskKeyPrefix: 'PAY', estimationUnit: 'points' } }) settings: ProjectSettingsDto;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2025-01-06' }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2025-03-31' }) targetDate: string | null;
  @ApiProperty() statusChangedAt: Date;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) archivedAt: Date | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
