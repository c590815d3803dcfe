import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { In } from 'typeorm';
import { ImportRecord, ImportRepository, NewImport } from '../../application/import.repository';
import { ImportProgress, ImportReport } from '../../domain/import';
import { ImportEntity } from './import.entity';

/** Every column but the document and the report (a list never carries those). */
const SUMMARY_COLUMNS = [
  'id',
  'organizationId',
  'status',
  'dryRun',
  'projectSlug',
  'sourceBytes',
  'progress',
  'error',
  'jobId',
  'createdByType',
  'createdById',
  'createdAt',
  'startedAt',
  'finishedAt',
] as const;

@Injectable()
export class ImportTypeormRepository extends ImportRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(ImportEntity);
  }

  private get org() {
    return this.transaction.organizationId;
  }

  async insert(record: NewImport): Promise<ImportRecord> {
    const { identifiers } = await this.repo.insert({
      organizationId: this.org,
      dryRun: record.dryRun,
      projectSlug: record.projectSlug,
      source: record.source as object,
      sourceBytes: record.sourceBytes,
      createdByType: record.createdBy.type,
      createdById: record.createdBy.id,
    });
    return (await this.find(identifiers[0].id as string))!;
  }

  async setJob(id: string, jobId: string): Promise<void> {
    await this.repo.update({ organizationId: this.org, id }, { jobId });
  }

  async find(id: string): Promise<ImportRecord | undefined> {
    const row = await this.repo.findOne({ where: { organizationId: this.org, id } });
    return row ? toRecord(row) : undefined;
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<ImportRecord>> {
    const builder = this.repo
      .createQueryBuilder('i')
      .select(SUMMARY_COLUMNS.map((column) => `i.${column}`))
      .where('i.organization_id = :org', { org: this.org });
    return keysetPage(builder, { ...query, order: 'DESC' }, (row) => toRecord({ ...row, report: null }));
  }

  async source(id: string): Promise<unknown> {
    const row = await this.repo.findOne({ select: { id: true, source: true }, where: { organizationId: this.org, id } });
    return row?.source ?? null;
  }

  async start(id: string): Promise<boolean> {
    const result = await this.repo.update(
      { organizationId: this.org, id, status: In(['queued', 'running']) },
      { status: 'running', startedAt: () => 'now()', progress: { phase: 'parsing' } },
    );
    return (result.affected ?? 0) > 0;
  }

  async progress(id: string, progress: ImportProgress): Promise<void> {
    await this.repo.update({ organizationId: this.org, id, status: 'running' }, { progress });
  }

  async finish(id: string, outcome: { status: 'succeeded'; report: ImportReport } | { status: 'failed'; error: ImportRecord['error'] }): Promise<void> {
    await this.repo.update({ organizationId: this.org, id }, {
      status: outcome.status,
      finishedAt: () => 'now()',
      source: () => 'null',
      ...(outcome.status === 'succeeded'
        ? { report: outcome.report, progress: { phase: 'done', done: progressTotal(outcome.report), total: progressTotal(outcome.report) } }
        : { error: outcome.error as object }),
    } as Parameters<typeof this.repo.update>[1]);
  }
}

function progressTotal(report: ImportReport): number {
  return report.totals.created + report.totals.updated + report.totals.dependencies.created;
}

function toRecord(row: ImportEntity): ImportRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    status: row.status,
    dryRun: row.dryRun,
    projectSlug: row.projectSlug,
    sourceBytes: row.sourceBytes,
    progress: row.progress ?? {},
    report: row.report ?? null,
    error: row.error ?? null,
    jobId: row.jobId,
    createdBy: { type: row.createdByType, id: row.createdById },
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
