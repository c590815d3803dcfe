import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { Actor } from '@switchyard/core';
import { ImportProgress, ImportReport, ProjectReport, ReportedTask, SkippedEntry } from '../domain/import';
import { IMPORTS } from '../domain/imports.errors';
import { planTasksFile, TASKS_FILE_SOURCE } from '../domain/tasks-file';
import { importsConfig } from '../imports.config';
import { ExternalTaskOutcome, ExternalTaskWriter, ProjectCatalog } from './ports';

export interface ImportRequest {
  /** The parsed tasks.json. */
  document: unknown;
  /** Legacy form: the project slug (required). Tagged form: import only this tag. */
  project?: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Imports a tasks.json into the current organization, inside the caller's transaction (so it is
 * all or nothing): each tag becomes a project (found by slug, else created), each task a task
 * through the tasks module's front door (TaskImportService, behind ExternalTaskWriter), each dependency a `blocks`
 * relation. Shared by the CLI and the import job.
 */
@Injectable()
export class TasksFileImporter {
  constructor(
    private readonly projects: ProjectCatalog,
    private readonly tasks: ExternalTaskWriter,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
  ) {}

  async run(actor: Actor, request: ImportRequest): Promise<ImportReport> {
    const started = Date.now();
    const dryRun = request.dryRun ?? false;
    request.onProgress?.({ phase: 'parsing' });
    const file = planTasksFile(request.document, { project: request.project, maxTasks: this.config.maxTasks });
    request.onProgress?.({ phase: 'planning' });
    const total = file.groups.reduce((sum, g) => sum + g.tasks.length + g.blocks.length, 0);
    let before = 0;

    const report: ImportReport = {
      format: file.format,
      dryRun,
      totals: { created: 0, updated: 0, unchanged: 0, skipped: 0, dependencies: { created: 0, existing: 0, skipped: 0 } },
      projects: [],
      created: [],
      updated: [],
      unchanged: [],
      skipped: [],
      durationMs: 0,
    };
    for (const group of file.groups) {
      let project = await this.projects.findBySlug(group.projectSlug);
      const projectCreated = !project;
      if (!project && !dryRun)
        project = await this.projects.create(actor, { name: group.projectName, slug: group.projectSlug, description: group.projectDescription });
      const base = before;
      const outcome = await this.tasks.upsert(
        actor,
        { projectId: project?.id ?? null, source: TASKS_FILE_SOURCE, tasks: group.tasks, blocks: group.blocks },
        { dryRun, onProgress: (done) => request.onProgress?.({ phase: 'writing', done: base + done, total }) },
      );
      before += group.tasks.length + group.blocks.length;
      const skipped = [...group.skipped, ...refusals(group.tag, outcome)];
      const list = (items: Array<{ externalId: string; taskId: string }>): ReportedTask[] =>
        items.map((i) => ({ tag: group.tag, id: i.externalId, taskId: i.taskId }));
      report.created.push(...list(outcome.created));
      report.updated.push(...list(outcome.updated));
      report.unchanged.push(...list(outcome.unchanged));
      report.skipped.push(...skipped);
      const dependenciesSkipped = skipped.filter((s) => s.kind === 'dependency').length;
      const entry: ProjectReport = {
        tag: group.tag,
        slug: group.projectSlug,
        projectId: project?.id ?? null,
        projectCreated,
        created: outcome.created.length,
        updated: outcome.updated.length,
        unchanged: outcome.unchanged.length,
        skipped: skipped.length - dependenciesSkipped,
        dependencies: {
          created: outcome.blocks.created,
          existing: outcome.blocks.existing,
          skipped: dependenciesSkipped,
        },
      };
      report.projects.push(entry);
      for (const key of ['created', 'updated', 'unchanged', 'skipped'] as const) report.totals[key] += entry[key];
      for (const key of ['created', 'existing', 'skipped'] as const) report.totals.dependencies[key] += entry.dependencies[key];
    }
    report.durationMs = Date.now() - started;
    request.onProgress?.({ phase: 'done', done: total, total });
    return report;
  }
}

/** What the tasks module refused: updates the status workflow forbids, deleted tasks, dependencies on a cycle. */
function refusals(tag: string | null, outcome: ExternalTaskOutcome): SkippedEntry[] {
  return [
    ...outcome.refused.map((r): SkippedEntry => ({ tag, id: r.externalId, kind: 'task', code: r.code, message: r.message })),
    ...outcome.blocks.refused.map(
      (r): SkippedEntry => ({
        tag,
        id: r.blocked,
        kind: 'dependency',
        dependsOn: r.blocker,
        code: IMPORTS.DEPENDENCY_CYCLE.code,
        message: `Task ${r.blocked} depends on ${r.blocker}, which is on a dependency cycle: ${r.cycle.join(' → ')}`,
        cycle: r.cycle,
      }),
    ),
  ];
}
