import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExpectedVersion, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { validateCronExpression } from 'cron';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BRANCH_NAME_RULE,
  COMMIT_SHA_PATTERN,
  isValidBranchName,
  LANGUAGES,
  Language,
  Provider,
  PROVIDERS,
  Visibility,
  VISIBILITIES,
} from '../../domain/repository';
import { REPOSITORY_SORTS, RepositorySort } from '../../application/repository.repository';

const OWNER_OR_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,199}$/;

/** A git branch name by git's rules. */
export function IsBranchName() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBranchName',
      target: target.constructor,
      propertyName,
      options: { message: BRANCH_NAME_RULE },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidBranchName(value) },
    });
}

function IsCron() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCron',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a cron expression such as "0 3 * * *"' },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 100 && validateCronExpression(value).valid },
    });
}

export class AnalysisConfigDto {
  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true, example: ['typescript', 'python'], description: 'Languages to analyse; all supported when absent' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional({ example: ['src/**', 'lib/**'], description: 'Globs a file must match (relative to the root)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  include?: string[];

  @ApiPropertyOptional({ example: ['**/*.spec.ts', 'generated/**'], description: 'Globs left out, on top of dependencies, build output and minified files' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  exclude?: string[];

  @ApiPropertyOptional({ example: '0 3 * * *', nullable: true, type: String, description: 'Cron schedule for analysing the default branch' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCron()
  schedule?: string | null;

  @ApiPropertyOptional({ example: 'coverage/lcov.info', description: 'lcov or Cobertura report inside the tree; looked up in the usual places when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^(?!\/)(?!.*\.\.)[^\0]{1,500}$/, { message: 'must be a relative path inside the repository' })
  coverageReport?: string;
}

class RepositoryFields {
  @ApiPropertyOptional({ example: 'Payments service' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ example: 'main' })
  @IsOptional()
  @IsBranchName()
  defaultBranch?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES, example: 'private' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ example: '123456789', nullable: true, type: String, description: "The provider's id of the repository" })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string | null;

  @ApiPropertyOptional({ type: AnalysisConfigDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AnalysisConfigDto)
  analysisConfig?: AnalysisConfigDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Projects (of your organization) this repository serves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  projectIds?: string[];
}

export class CreateRepositoryRequest extends RepositoryFields {
  @ApiProperty({ enum: PROVIDERS, example: 'github' })
  @IsIn(PROVIDERS)
  provider: Provider;

  @ApiProperty({ example: 'acme' })
  @Matches(OWNER_OR_NAME, { message: 'must be 1–200 letters, digits, _ . -' })
  owner: string;

  @ApiProperty({ example: 'payments-api' })
  @Matches(OWNER_OR_NAME, { message: 'must be 1–200 letters, digits, _ . -' })
  name: string;

  @ApiProperty({
    example: 'https://github.com/acme/payments-api.git',
    description: 'https://…, ssh://… or git@host:owner/name.git; file:///… only when the server sets ALLOW_LOCAL_REPOSITORIES=true',
  })
  @IsString()
  @MaxLength(2000)
  cloneUrl: string;
}

export class UpdateRepositoryRequest extends RepositoryFields {
  @ExpectedVersion()
  version: number;

  @ApiPropertyOptional({ example: 'acme' })
  @IsOptional()
  @Matches(OWNER_OR_NAME, { message: 'must be 1–200 letters, digits, _ . -' })
  owner?: string;

  @ApiPropertyOptional({ example: 'payments-api' })
  @IsOptional()
  @Matches(OWNER_OR_NAME, { message: 'must be 1–200 letters, digits, _ . -' })
  name?: string;

  @ApiPropertyOptional({ example: 'https://github.com/acme/payments-api.git' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cloneUrl?: string;
}

export class RepositoryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROVIDERS })
  @IsOptional()
  @IsIn(PROVIDERS)
  provider?: Provider;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only repositories linked to this project' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ example: 'payments', description: 'Case-insensitive text in owner or name' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: REPOSITORY_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(REPOSITORY_SORTS)
  sort: RepositorySort = '-createdAt';
}

export class RepositoryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: PROVIDERS, example: 'github' }) provider: Provider;
  @ApiProperty({ example: 'acme' }) owner: string;
  @ApiProperty({ example: 'payments-api' }) name: string;
  @ApiProperty({ example: 'Payments service' }) description: string;
  @ApiProperty({ example: 'https://github.com/acme/payments-api.git' }) cloneUrl: string;
  @ApiProperty({ example: 'main' }) defaultBranch: string;
  @ApiProperty({ enum: VISIBILITIES, example: 'private' }) visibility: Visibility;
  @ApiProperty({ nullable: true, type: String, example: '123456789' }) externalId: string | null;
  @ApiProperty({ type: AnalysisConfigDto, example: { languages: ['typescript'], include: ['src/**'], exclude: ['**/*.spec.ts'], schedule: '0 3 * * *' } })
  analysisConfig: AnalysisConfigDto;
  @ApiProperty({ type: [String], format: 'uuid' }) projectIds: string[];
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) lastAnalyzedAt: Date | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UpsertBranchRequest {
  @ApiProperty({ example: 'feature/checkout-v2' })
  @IsBranchName()
  name: string;

  @ApiPropertyOptional({ example: '9fceb02d0ae598e95dc970b74767f19372d61af8', nullable: true, type: String, description: 'Full commit SHA (40 or 64 hex)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @Matches(COMMIT_SHA_PATTERN, { message: 'must be a full commit SHA (40 or 64 hex characters)' })
  headSha?: string | null;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  protected?: boolean;

  @ApiPropertyOptional({
    example: '2025-01-06T10:15:00Z',
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'An older push than the stored one does not move the head back',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  lastPushAt?: string | null;
}

export class BranchListQuery extends PageQuery {
  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  protected?: boolean;

  @ApiPropertyOptional({ example: 'feature/', description: 'Names starting with this' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  prefix?: string;
}

export class BranchResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) repositoryId: string;
  @ApiProperty({ example: 'feature/checkout-v2' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: '9fceb02d0ae598e95dc970b74767f19372d61af8' }) headSha: string | null;
  @ApiProperty({ example: false }) protected: boolean;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) lastPushAt: Date | null;
  @ApiProperty({ example: 3 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UpsertBranchResponse extends BranchResponse {
  @ApiProperty({ example: true, description: 'False when the branch already existed' }) created: boolean;
  @ApiProperty({ example: true, description: 'False when the push was older than the stored one and changed nothing' }) applied: boolean;
}
