import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { Actor, Page } from '@switchyard/core';
import { FileTooLargeError, ImportNotFoundError } from '../domain/imports.errors';
import { planTasksFile } from '../domain/tasks-file';
import { importsConfig } from '../imports.config';
import { ImportRecord, ImportRepository } from './import.repository';
import { ImportQueue } from './ports';

export const IMPORT_QUEUE = 'tasks-file-import';

/** Imports over HTTP: recorded with their document and handed to a job in the request's transaction. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportRepository,
    private readonly queue: ImportQueue,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
  ) {}

  async start(actor: Actor, input: { document: unknown; bytes: number; project?: string; dryRun?: boolean }): Promise<ImportRecord> {
    if (input.bytes > this.config.maxBytes) throw new FileTooLargeError(input.bytes, this.config.maxBytes);
    // Refuses a file of the wrong shape (or too many tasks) now, as a 4xx, rather than in the job.
    planTasksFile(input.document, { project: input.project, maxTasks: this.config.maxTasks });
    const record = await this.imports.insert({
      dryRun: input.dryRun ?? false,
      projectSlug: input.project ?? null,
      source: input.document,
      sourceBytes: input.bytes,
      createdBy: { type: actor.type, id: actor.id ?? null },
    });
    const jobId = await this.queue.enqueue(record.id);
    await this.imports.setJob(record.id, jobId);
    return { ...record, jobId };
  }

  async get(id: string): Promise<ImportRecord> {
    const record = await this.imports.find(id);
    if (!record) throw new ImportNotFoundError(id);
    return record;
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<ImportRecord>> {
    return this.imports.list(query);
  }
}
