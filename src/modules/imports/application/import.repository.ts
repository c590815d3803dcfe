import { Page } from '@switchyard/core';
import { ImportProgress, ImportReport, ImportStatus } from '../domain/import';

export interface ImportRecord {
  id: string;
  organizationId: string;
  status: ImportStatus;
  dryRun: boolean;
  projectSlug: string | null;
  sourceBytes: number;
  progress: ImportProgress;
  report: ImportReport | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
  jobId: string | null;
  createdBy: { type: string; id: string | null };
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewImport {
  dryRun: boolean;
  projectSlug: string | null;
  source: unknown;
  sourceBytes: number;
  createdBy: { type: string; id: string | null };
}

/** Imports of the current organization. */
export abstract class ImportRepository {
  abstract insert(record: NewImport): Promise<ImportRecord>;
  abstract setJob(id: string, jobId: string): Promise<void>;
  abstract find(id: string): Promise<ImportRecord | undefined>;
  /** Newest first. */
  abstract list(query: { limit: number; cursor?: string }): Promise<Page<ImportRecord>>;
  abstract source(id: string): Promise<unknown>;
  /** queued → running; false when the import is not queued or running (already ended). */
  abstract start(id: string): Promise<boolean>;
  /** Only while running: a late write never overwrites the end. */
  abstract progress(id: string, progress: ImportProgress): Promise<void>;
  /** Ends the import and forgets its document. */
  abstract finish(id: string, outcome: { status: 'succeeded'; report: ImportReport } | { status: 'failed'; error: ImportRecord['error'] }): Promise<void>;
}
