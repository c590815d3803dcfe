import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMeta, PageQuery } from '@switchyard/http';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { trim } from './tags.transform';

export class CreateArticleRequest {
  @ApiProperty({ example: 'Rolling back a failed deployment', minLength: 1, maxLength: 300 })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: '## Steps\n\n1. Find the last good release...', maxLength: 200000, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  content?: string;

  @ApiPropertyOptional({ type: [String], example: ['deploy', 'runbook'], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'Projects of your organization this article is about' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  projectIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'Tasks of your organization this article is about' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  taskIds?: string[];
}

export class UpdateArticleRequest {
  @ApiProperty({ example: 1, description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'Rolling back' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ example: '## Steps' }) @IsOptional() @IsString() @MaxLength(200_000) content?: string;
  @ApiPropertyOptional({ type: [String], example: ['deploy'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  tags?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) projectIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) taskIds?: string[];
}

export class ArticleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Rolling back a failed deployment' }) title: string;
  @ApiProperty({ example: '## Steps\n\n1. Find the last good release...' }) content: string;
  @ApiProperty({ type: [String], example: ['deploy', 'runbook'] }) tags: string[];
  @ApiProperty({ type: [String], format: 'uuid', example: [] }) projectIds: string[];
  @ApiProperty({ type: [String], format: 'uuid', example: [] }) taskIds: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) createdBy: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ArticlePage extends PageMeta {
  @ApiProperty({ type: [ArticleResponse] }) items: ArticleResponse[];
}

export class ArticleListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'runbook' }) @IsOptional() @IsString() @Length(1, 100) tag?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Articles linked to this task' }) @IsOptional() @IsUUID('all') taskId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Articles linked to this project' }) @IsOptional() @IsUUID('all') projectId?: string;
}

export class ArticleSearchQuery {
  @ApiProperty({
    example: 'rollback deploy',
    minLength: 1,
    maxLength: 200,
    description: 'Web-search syntax for the full text; the title also matches fuzzily (typos)',
  })
  @IsString()
  @Length(1, 200)
  q: string;

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class ArticleHitResponse {
  @ApiProperty({ type: ArticleResponse }) article: ArticleResponse;
  @ApiProperty({ example: 0.42, description: 'Full-text rank (title weighted above content)' }) rank: number;
  @ApiProperty({ example: 0.61, description: 'Trigram similarity of the title to the query (0..1)' }) titleSimilarity: number;
}

export class ArticleSearchResponse {
  @ApiProperty({ type: [ArticleHitResponse] }) items: ArticleHitResponse[];
}
