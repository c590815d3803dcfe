import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblem, ApiProblems, FREE_FORM_JSON, IdParam, PageQuery } from '@switchyard/http';
import { HttpCode } from '@nestjs/common';
import { ImportRecord } from '../../application/import.repository';
import { ImportsService } from '../../application/imports.service';
import { ImportProgressBoard } from '../jobs/import.job';
import { ImportResponse, ImportSummaryResponse, StartImportQuery } from './import.dto';

const EXAMPLE_FILE = {
  master: {
    tasks: [
      { id: 1, title: 'Set up the repository', status: 'done', priority: 'high', dependencies: [] },
      {
        id: 2,
        title: 'Build the API',
        description: 'REST endpoints',
        details: 'NestJS on Fastify',
        testStrategy: 'e2e tests',
        status: 'in-progress',
        dependencies: [1],
        subtasks: [
          { id: 1, title: 'Routes', status: 'done', dependencies: [] },
          { id: 2, title: 'Validation', status: 'pending', dependencies: [1] },
        ],
      },
    ],
    metadata: { description: 'Main line of work' },
  },
};

@ApiTags('Imports')
@Controller('v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly board: ImportProgressBoard,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Import a tasks.json (runs as a job)',
    description:
      'The body is the file itself: `{"tasks": […]}` (needs `project`) or the tagged form `{"<tag>": {"tasks": […], "metadata": {…}}}` (each tag a project, found by slug or created). ' +
      'Answers 202 with the queued import; `GET /v1/imports/{id}` shows its status, progress and, once it succeeded, the report. All or nothing: the whole import is one transaction. ' +
      'A second import of the same file updates the tasks it made (found by their ids in the file) instead of duplicating them. Files over IMPORT_MAX_BYTES answer 413.',
  })
  @ApiBody({ schema: { ...FREE_FORM_JSON, example: EXAMPLE_FILE } })
  @ApiAcceptedResponse({ type: ImportSummaryResponse })
  @ApiProblems('400', '422')
  @ApiProblem(413, 'The file is larger than IMPORT_MAX_BYTES')
  async start(
    @CurrentActor() actor: Actor,
    @Body() document: Record<string, unknown>,
    @Query() query: StartImportQuery,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
  ): Promise<ImportSummaryResponse> {
    const bytes = Number(request.headers['content-length'] ?? 0) || Buffer.byteLength(JSON.stringify(document));
    return summary(await this.imports.start(actor, { document, bytes, project: query.project, dryRun: query.dryRun }));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Imports, newest first (without their reports)' })
  @ApiPageResponse(ImportSummaryResponse)
  @ApiProblems('400')
  async list(@Query() query: PageQuery): Promise<Page<ImportSummaryResponse>> {
    const page = await this.imports.list(query);
    return { items: page.items.map(summary), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'An import: status, progress, and its report once it succeeded' })
  @ApiOkResponse({ type: ImportResponse })
  @ApiProblems('400', '404')
  async get(@IdParam() id: string): Promise<ImportResponse> {
    const record = await this.imports.get(id);
    const live = record.status === 'running' ? this.board.get(id) : undefined;
    return {
      ...summary(record),
      ...(live ? { progress: live } : {}),
      ...(record.report ? { report: record.report as unknown as Record<string, unknown> } : {}),
    };
  }
}

function summary(record: ImportRecord): ImportSummaryResponse {
  return {
    id: record.id,
    status: record.status,
    dryRun: record.dryRun,
    projectSlug: record.projectSlug,
    sourceBytes: record.sourceBytes,
    progress: record.progress,
    error: record.error,
    jobId: record.jobId,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}
