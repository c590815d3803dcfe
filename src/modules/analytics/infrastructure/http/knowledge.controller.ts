import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam } from '@switchyard/http';
import { KnowledgeService } from '../../application/knowledge.service';
import { ArticleListQuery, ArticleResponse, ArticleSearchQuery, ArticleSearchResponse, CreateArticleRequest, UpdateArticleRequest } from './knowledge.dto';

@ApiTags('Knowledge base')
@Controller('v1/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post('articles')
  @Roles('member')
  @ApiOperation({ summary: 'Write an article (Markdown, tags, links to tasks and projects)' })
  @ApiCreatedResponse({ type: ArticleResponse })
  @ApiProblems('400', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreateArticleRequest) {
    return this.knowledge.create(actor, body);
  }

  @Get('articles')
  @Roles('viewer')
  @ApiOperation({ summary: 'List articles, newest first; by tag, linked task or linked project' })
  @ApiPageResponse(ArticleResponse)
  @ApiProblems('400')
  list(@Query() query: ArticleListQuery) {
    return this.knowledge.list(query);
  }

  @Get('search')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Search articles: ranked full text and fuzzy title',
    description: 'Full-text rank (title weighted above content) plus trigram similarity of the title, so a misspelt title still finds its article.',
  })
  @ApiOkResponse({ type: ArticleSearchResponse })
  @ApiProblems('400')
  async search(@Query() query: ArticleSearchQuery): Promise<ArticleSearchResponse> {
    return { items: await this.knowledge.search(query.q, query.limit) };
  }

  @Get('articles/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'An article' })
  @ApiOkResponse({ type: ArticleResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.knowledge.get(id);
  }

  @Patch('articles/:id')
  @Roles('member')
  @ApiOperation({ summary: 'Edit an article' })
  @ApiOkResponse({ type: ArticleResponse })
  @ApiProblems('400', '404', '409', '422')
  update(@IdParam() id: string, @Body() body: UpdateArticleRequest) {
    return this.knowledge.update(id, body);
  }

  @Delete('articles/:id')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Delete an article' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string) {
    return this.knowledge.delete(id);
  }
}
