import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FREE_FORM_JSON } from '@switchyard/http';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IMPORT_PHASES, IMPORT_STATUSES, ImportPhase, ImportStatus } from '../../domain/import';

export class StartImportQuery {
  @ApiPropertyOptional({
    description: 'A file without tags: the slug of the project to import into (found, or created). A tagged file: import only this tag.',
    example: 'payments',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9._:/ -]+$/, { message: 'project must be a project slug or a tag name' })
  project?: string;

  @ApiPropertyOptional({ description: 'Plan and report without writing anything', example: false, default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportProgressResponse {
  @ApiPropertyOptional({ enum: IMPORT_PHASES, example: 'writing' })
  phase?: ImportPhase;
  @ApiPropertyOptional({ type: 'integer', description: 'Rows written so far', example: 40000 })
  done?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Rows to write', example: 150000 })
  total?: number;
}

export class ImportErrorResponse {
  @ApiProperty({ example: 'IMPORTS.INVALID_FILE' })
  code: string;
  @ApiProperty({ example: 'Tag "master" must be an object with a "tasks" array' })
  message: string;
  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { path: 'master' } })
  details?: Record<string, unknown>;
}

export class ImportSummaryResponse {
  @ApiProperty({ format: 'uuid', example: '0b5c2a52-9c55-4a57-9a43-3f7a2f4c0c11' })
  id: string;
  @ApiProperty({ enum: IMPORT_STATUSES, example: 'running' })
  status: ImportStatus;
  @ApiProperty({ example: false })
  dryRun: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'payments' })
  projectSlug: string | null;
  @ApiProperty({ type: 'integer', description: 'Size of the uploaded file', example: 182340 })
  sourceBytes: number;
  @ApiProperty({ type: ImportProgressResponse })
  progress: ImportProgressResponse;
  @ApiProperty({ type: ImportErrorResponse, nullable: true, description: 'Why the import failed (nothing was imported)' })
  error: ImportErrorResponse | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '5d0e1f9e-51b8-4a0b-9a52-8b2a9f4c7e01' })
  jobId: string | null;
  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-30T10:00:01.000Z' })
  startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-30T10:00:09.000Z' })
  finishedAt: Date | null;
}

export class ImportResponse extends ImportSummaryResponse {
  @ApiPropertyOptional({
    ...FREE_FORM_JSON,
    description:
      'Present once the import succeeded: `format`, `dryRun`, `totals`, per project (`projects`), the tasks `created`, `updated` and `unchanged` ({tag, id, taskId}) and what was `skipped` ({tag, id, kind, dependsOn?, code, message, cycle?})',
    example: {
      format: 'tagged',
      dryRun: false,
      totals: { created: 2, updated: 0, unchanged: 0, skipped: 1, dependencies: { created: 1, existing: 0, skipped: 1 } },
      projects: [
        {
          tag: 'master',
          slug: 'master',
          projectId: '9a1f3c1e-2b7d-4c55-8d0e-1f2a3b4c5d6e',
          projectCreated: true,
          created: 2,
          updated: 0,
          unchanged: 0,
          skipped: 1,
        },
      ],
      created: [{ tag: 'master', id: '1', taskId: 'c0ffee00-1111-4222-8333-444455556666' }],
      skipped: [{ tag: 'master', id: '3', kind: 'task', code: 'IMPORTS.INVALID_STATUS', message: 'Task 3 has the status "later"' }],
    },
  })
  report?: Record<string, unknown>;
}
