import { Injectable } from '@nestjs/common';
import { SystemHealth, SystemHealthReader } from './system-health';

/** Which module owns which table, for the per-module row counts. */
const MODULE_OF_TABLE: Array<[RegExp, string]> = [
  [/^(organizations|users|memberships|invitations|api_keys|refresh_tokens|sessions|end_user_sessions)/, 'organizations'],
  [/^(projects|repositories|project_repositories|branches|analysis_runs)/, 'projects'],
  [/^(tasks|task_|workflows|workflow_phases)/, 'tasks'],
  [/^pipeline/, 'pipelines'],
  [/^(agent|codegen)/, 'agents'],
  [/^(integration|webhook|slack|github|linear)/, 'integrations'],
  [/^(metrics|knowledge_|anomal|alerts|learned_|recommendations|optimization_|learning_|template)/, 'analytics'],
  [/^(events|partitioned_tables)/, 'events'],
  [/^(job_queue|audit_log|idempotency_records|migrations|scheduled_job)/, 'platform'],
];

export interface SystemHealthView extends SystemHealth {
  checkedAt: Date;
  modules: Array<{ module: string; estimatedRows: number; sizeBytes: number }>;
}

/** The platform operator's system health summary. */
@Injectable()
export class SystemHealthService {
  constructor(private readonly reader: SystemHealthReader) {}

  async read(): Promise<SystemHealthView> {
    const health = await this.reader.read();
    const modules = new Map<string, { module: string; estimatedRows: number; sizeBytes: number }>();
    for (const table of health.tables) {
      const module = MODULE_OF_TABLE.find(([pattern]) => pattern.test(table.table))?.[1] ?? 'other';
      const entry = modules.get(module) ?? { module, estimatedRows: 0, sizeBytes: 0 };
      entry.estimatedRows += Number(table.estimated_rows);
      entry.sizeBytes += Number(table.size_bytes);
      modules.set(module, entry);
    }
    const slowestStatements = { available: health.slowestStatements.available, statements: health.slowestStatements.statements ?? [] };
    return { ...health, slowestStatements, checkedAt: new Date(), modules: [...modules.values()].sort((a, b) => a.module.localeCompare(b.module)) };
  }
}
