import { Injectable } from '@nestjs/common';
import { Actor, Role } from '@switchyard/core';
import { JobQueue } from '@switchyard/jobs';
import { CurrentAuthority } from '../../organizations';
import { ProjectDirectory, ProjectsService } from '../../projects';
import { TaskImportService } from '../../tasks';
import { IMPORT_QUEUE } from '../application/imports.service';
import { ExternalTask, ExternalTaskOutcome, ExternalTaskWriter, ImportAuthority, ImportQueue, ProjectCatalog, ProjectRef } from '../application/ports';

/** ProjectCatalog through the projects module's front door (creation under ProjectsService's rules: limits, unique slug, audit). */
@Injectable()
export class ProjectDirectoryCatalog extends ProjectCatalog {
  constructor(
    private readonly directory: ProjectDirectory,
    private readonly projects: ProjectsService,
  ) {
    super();
  }

  findBySlug(slug: string): Promise<ProjectRef | undefined> {
    return this.directory.findBySlug(slug);
  }

  async create(actor: Actor, input: { name: string; slug: string; description: string }): Promise<ProjectRef> {
    const project = await this.projects.create(actor, input);
    return { id: project.id, slug: project.slug, name: project.name };
  }
}

/** ExternalTaskWriter through the tasks module's front door. */
@Injectable()
export class TaskImportWriter extends ExternalTaskWriter {
  constructor(private readonly tasks: TaskImportService) {
    super();
  }

  upsert(
    actor: Actor,
    batch: { projectId: string | null; source: string; tasks: ExternalTask[]; blocks: Array<[string, string]> },
    options: { dryRun: boolean; onProgress?: (done: number, total: number) => void },
  ): Promise<ExternalTaskOutcome> {
    return this.tasks.upsert(actor, batch, options);
  }
}

/** Imports run on the durable queue: one attempt does the whole import in one transaction. */
@Injectable()
export class JobImportQueue extends ImportQueue {
  constructor(private readonly queue: JobQueue) {
    super();
  }

  enqueue(importId: string): Promise<string> {
    return this.queue.send(IMPORT_QUEUE, { importId }, { maxAttempts: 3, backoffMs: 5_000 });
  }
}

/** ImportAuthority through the organizations module's front door (memberships and keys as they are now). */
@Injectable()
export class OrganizationImportAuthority extends ImportAuthority {
  constructor(private readonly authority: CurrentAuthority) {
    super();
  }

  roleOf(principal: { type: string; id: string | null }): Promise<Role | undefined> {
    return this.authority.roleOf(principal);
  }
}
