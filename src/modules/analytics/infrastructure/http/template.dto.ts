import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMeta, PageQuery } from '@switchyard/http';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { trim } from './tags.transform';

const KINDS = ['code_pattern', 'deployment_script', 'test_template', 'prompt_template'] as const;

export class CreateTemplateRequest {
  @ApiProperty({ example: 'nest-crud-module' }) @Transform(trim) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: KINDS, example: 'code_pattern' }) @IsIn(KINDS) kind: (typeof KINDS)[number];
  @ApiPropertyOptional({ example: 'A module with a controller, a service and a repository' }) @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiPropertyOptional({ type: [String], example: ['nestjs', 'crud'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  tags?: string[];
  @ApiProperty({ example: 'export class {{Name}}Module {}', maxLength: 200000, description: 'The first version' })
  @IsString()
  @MaxLength(200_000)
  content: string;
  @ApiPropertyOptional({ type: [String], example: ['Name'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  variables?: string[];
}

export class UpdateTemplateRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ example: 'nest-crud-module' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: 'Updated description' }) @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiPropertyOptional({ type: [String], example: ['nestjs'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  tags?: string[];
}

export class CreateTemplateVersionRequest {
  @ApiProperty({ example: 'export class {{Name}}Module {}\n', maxLength: 200000 }) @IsString() @MaxLength(200_000) content: string;
  @ApiPropertyOptional({ type: [String], example: ['Name'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  variables?: string[];
  @ApiPropertyOptional({ example: 'Adds the repository provider' }) @IsOptional() @IsString() @MaxLength(10_000) changelog?: string;
}

export class TemplateResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'nest-crud-module' }) name: string;
  @ApiProperty({ enum: KINDS, example: 'code_pattern' }) kind: string;
  @ApiProperty({ example: 'A module with a controller, a service and a repository' }) description: string;
  @ApiProperty({ type: [String], example: ['nestjs'] }) tags: string[];
  @ApiProperty({ example: 3, description: 'Number of the newest version' }) latestVersion: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) createdBy: string | null;
  @ApiProperty({ example: 42, description: 'Agent runs and pipeline executions that used a version' }) uses: number;
  @ApiProperty({ example: 39 }) successes: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.93 }) successRate: number | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TemplatePage extends PageMeta {
  @ApiProperty({ type: [TemplateResponse] }) items: TemplateResponse[];
}

export class TemplateListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: KINDS, example: 'prompt_template' }) @IsOptional() @IsIn(KINDS) kind?: (typeof KINDS)[number];
  @ApiPropertyOptional({ example: 'nestjs' }) @IsOptional() @IsString() @Length(1, 100) tag?: string;
}

export class TemplateVersionResponse {
  @ApiProperty({ format: 'uuid', description: 'What a run records as template_version_id' }) id: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ example: 'export class {{Name}}Module {}' }) content: string;
  @ApiProperty({ type: [String], example: ['Name'] }) variables: string[];
  @ApiProperty({ example: 'Adds the repository provider' }) changelog: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) createdBy: string | null;
  @ApiProperty({ example: 10 }) uses: number;
  @ApiProperty({ example: 9 }) successes: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.9 }) successRate: number | null;
  @ApiProperty() createdAt: Date;
}

export class TemplateVersionList {
  @ApiProperty({ type: [TemplateVersionResponse] }) items: TemplateVersionResponse[];
}
