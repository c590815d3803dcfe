import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { Actor, DomainError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { readFile, stat } from 'node:fs/promises';
import { ImportProgress, ImportReport } from '../../domain/import';
import { FileTooLargeError, IMPORTS } from '../../domain/imports.errors';
import { parseJsonText } from '../../domain/tasks-file';
import { importsConfig } from '../../imports.config';
import { ImportExecution } from '../jobs/import.job';
import { ORGANIZATION_BY_SLUG } from '../persistence/organization-lookup.sql';

export interface ImportCommandOptions {
  organization: string;
  project?: string;
  dryRun?: boolean;
  file: string;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * `npm run import`: reads the file (at most IMPORT_MAX_BYTES), finds the organization by slug and
 * imports in one transaction as the system actor with the owner's authority (the operator who
 * can run it holds the database credentials anyway). The same importer as POST /v1/imports.
 */
@Injectable()
export class ImportCommand {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly execution: ImportExecution,
    @Inject(importsConfig.KEY) private readonly config: ConfigType<typeof importsConfig>,
  ) {}

  async run(options: ImportCommandOptions): Promise<ImportReport> {
    const size = (await stat(options.file)).size;
    if (size > this.config.maxBytes) throw new FileTooLargeError(size, this.config.maxBytes);
    const document = parseJsonText(await readFile(options.file, 'utf8'));
    const [row] = await this.transaction.run({}, () => this.transaction.query<{ id: string | null }>(ORGANIZATION_BY_SLUG, [options.organization]));
    if (!row?.id)
      throw new DomainError(IMPORTS.ORGANIZATION_NOT_FOUND, `No organization has the slug "${options.organization}"`, { slug: options.organization });
    const organizationId = row.id;
    const actor: Actor = { type: 'system', organizationId, role: 'owner' };
    return this.transaction.run({ organizationId }, () =>
      this.execution.run(actor, { document, project: options.project, dryRun: options.dryRun, onProgress: options.onProgress }),
    );
  }
}

/** The report as the CLI prints it: totals per project, then every skipped entry with its reason. */
export function formatReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written)' : 'Imported'} a ${report.format} tasks.json in ${report.durationMs} ms`,
    `  created ${report.totals.created}, updated ${report.totals.updated}, unchanged ${report.totals.unchanged}, skipped ${report.totals.skipped}; ` +
      `dependencies: created ${report.totals.dependencies.created}, existing ${report.totals.dependencies.existing}, skipped ${report.totals.dependencies.skipped}`,
  ];
  for (const p of report.projects) {
    lines.push(
      `  project ${p.slug}${p.tag !== null ? ` (tag ${p.tag})` : ''}${p.projectCreated ? (report.dryRun ? ' [would be created]' : ' [created]') : ''}: ` +
        `created ${p.created}, updated ${p.updated}, unchanged ${p.unchanged}, skipped ${p.skipped}`,
    );
  }
  if (report.skipped.length) lines.push('Skipped:');
  for (const s of report.skipped) {
    const where = `${s.tag !== null ? `${s.tag}:` : ''}${s.id}`;
    lines.push(`  ${s.kind === 'dependency' ? `dependency ${where} → ${s.dependsOn}` : `task ${where}`}: ${s.code} ${s.message}`);
  }
  return `${lines.join('\n')}\n`;
}
