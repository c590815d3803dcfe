import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { AuditTrail } from '@switchyard/audit';
import { Actor, AUTH, COMMON, DomainError, hasRole } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { EventLog } from '@switchyard/events';
import { Job, JobQueue } from '@switchyard/jobs';
import { ClsService } from 'nestjs-cls';
import { AsyncResource } from 'node:async_hooks';
import { ImportRepository } from '../../application/import.repository';
import { ImportAuthority } from '../../application/ports';
import { IMPORT_QUEUE } from '../../application/imports.service';
import { ImportRequest, TasksFileImporter } from '../../application/tasks-file-importer';
import { ImportProgress, ImportReport } from '../../domain/import';
import { importsConfig } from '../../imports.config';

/** A run's lease: the queue's heartbeat extends it while the import works. */
const LEASE_MS = 120_000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 500;

/** The latest progress of the imports this process runs (GET /v1/imports/{id} reads it while the row says running). */
@Injectable()
export class ImportProgressBoard {
  private readonly progress = new Map<string, ImportProgress>();
  set(id: string, progress: ImportProgress): void {
    this.progress.set(id, progress);
  }
  get(id: string): ImportProgress | undefined {
    return this.progress.get(id);
  }
  delete(id: string): void {
    this.progress.delete(id);
  }
}

/** Runs an import in the current transaction, audits it as one entry and publishes `imports.import.finished` (the CLI and the job alike). */
@Injectable()
export class ImportExecution {
  constructor(
    private readonly importer: TasksFileImporter,
    private readonly audit: AuditTrail,
    private readonly cls: ClsService,
    private readonly events: EventLog,
    private readonly transaction: TenantTransaction,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
  ) {}

  async run(actor: Actor, request: ImportRequest, importId?: string): Promise<ImportReport> {
    // Audit entries (the import's, and those of the projects it creates) name the actor of the context.
    this.cls.set('actor', actor);
    // One transaction writes up to IMPORT_MAX_TASKS tasks, 5,000 rows per statement: the request
    // timeout (DATABASE_STATEMENT_TIMEOUT_MS) would cancel a chunk on a loaded server.
    await this.transaction.query(`select set_config('statement_timeout', $1, true)`, [String(this.config.statementTimeoutMs)]);
    const report = await this.importer.run(actor, request);
    if (!report.dryRun) {
      await this.audit.record({
        action: 'import',
        entityType: 'import',
        entityId: importId,
        after: { format: report.format, totals: report.totals, projects: report.projects.map((p) => ({ slug: p.slug, projectId: p.projectId })) },
      });
      await this.events.publish({
        type: 'imports.import.finished',
        source: 'imports',
        entityType: 'import',
        entityId: importId,
        severity: report.totals.skipped + report.totals.dependencies.skipped > 0 ? 'warning' : 'info',
        payload: { format: report.format, totals: report.totals, durationMs: report.durationMs },
      });
    }
    return report;
  }
}

/**
 * The worker of POST /v1/imports. One attempt: mark the import running (its own transaction),
 * then parse, plan and write everything and record the report in ONE transaction, so the
 * import and its report commit together or not at all. Progress is written beside it from a
 * detached transaction (another pooled connection on PostgreSQL; on the embedded database it
 * waits for the import and then finds it ended, so only this process's board shows it).
 * A refused file (a DomainError) fails the import at once; anything else is retried by the queue.
 */
@Injectable()
export class ImportJob implements OnModuleInit {
  private readonly logger = new Logger('ImportJob');
  /** Runs outside the caller's async context, so a transaction opened there is a new one. */
  private readonly detached = AsyncResource.bind((fn: () => Promise<void>) => fn());

  constructor(
    private readonly queue: JobQueue,
    private readonly transaction: TenantTransaction,
    private readonly imports: ImportRepository,
    private readonly execution: ImportExecution,
    private readonly board: ImportProgressBoard,
    private readonly authority: ImportAuthority,
  ) {}

  onModuleInit(): void {
    this.queue.work<{ importId: string }>(IMPORT_QUEUE, {
      concurrency: 1,
      globalConcurrency: 2,
      leaseMs: LEASE_MS,
      handle: (job) => this.execute(job),
      onDead: (job, error) => this.giveUp(job, error),
    });
  }

  async execute(job: Job<{ importId: string }>): Promise<void> {
    const organizationId = job.organizationId!;
    const id = job.payload.importId;
    const record = await this.transaction.run({ organizationId }, async () => ((await this.imports.start(id)) ? this.imports.find(id) : undefined));
    if (!record) return; // ended already (a re-delivered job)
    let pending = false;
    let last = 0;
    const onProgress = (progress: ImportProgress) => {
      this.board.set(id, progress);
      const now = Date.now();
      if (pending || (now - last < PROGRESS_EVERY_MS && progress.phase === 'writing')) return;
      pending = true;
      last = now;
      void this.detached(() =>
        this.transaction
          .run({ organizationId }, () => this.imports.progress(id, progress))
          .catch((error) => this.logger.warn({ import: id, error: (error as Error).message }, 'Progress write failed'))
          .finally(() => (pending = false)),
      );
    };
    try {
      await this.transaction.run({ organizationId }, async () => {
        // Acts with the role its author holds now, not the one they held when it was queued.
        const role = await this.authority.roleOf(record.createdBy);
        if (!role || !hasRole(role, 'admin'))
          throw new DomainError(AUTH.ROLE_REQUIRED, 'Whoever started this import is no longer an admin of the organization; an admin may start it again', {
            requiredRole: 'admin',
            role: role ?? null,
          });
        const actor: Actor = { type: record.createdBy.type as Actor['type'], id: record.createdBy.id ?? undefined, organizationId, role };
        const document = await this.imports.source(id);
        const report = await this.execution.run(actor, { document, project: record.projectSlug ?? undefined, dryRun: record.dryRun, onProgress }, id);
        await this.imports.finish(id, { status: 'succeeded', report });
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.transaction.run({ organizationId }, () =>
        this.imports.finish(id, {
          status: 'failed',
          error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
        }),
      );
    } finally {
      this.board.delete(id);
    }
  }

  private async giveUp(job: Job<{ importId: string }>, message: string): Promise<void> {
    this.logger.error({ job: job.id, import: job.payload.importId, error: message }, 'Import gave up after its last attempt');
    await this.transaction.run({ organizationId: job.organizationId! }, () =>
      // The cause is in the queue's log (its job id); a tenant never sees driver or stack text.
      this.imports.finish(job.payload.importId, {
        status: 'failed',
        error: { code: COMMON.INTERNAL.code, message: `The import could not run; the cause is logged with job ${job.id}` },
      }),
    );
  }
}
