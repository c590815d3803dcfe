import { Actor, Role } from '@switchyard/core';
/*
 * What the imports module needs of the projects and tasks modules, as ports: the adapters in
 * infrastructure/ delegate to those modules' front doors (ProjectDirectory, TaskImportService),
 * so this layer stays free of the framework code their indexes carry.
 */

export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
}

/** The projects of the current organization. */
export abstract class ProjectCatalog {
  abstract findBySlug(slug: string): Promise<ProjectRef | undefined>;
  /** Under the projects module's rules (limits, unique slug, audit). */
  abstract create(actor: Actor, input: { name: string; slug: string; description: string }): Promise<ProjectRef>;
}

export interface ExternalTask {
  externalId: string;
  parentExternalId: string | null;
  title: string;
  description: string;
  type: 'task' | 'subtask';
  status: 'backlog' | 'todo' | 'in_progress' | 'in_review' | 'blocked' | 'done' | 'cancelled';
  priority: 'urgent' | 'high' | 'medium' | 'low' | 'none';
  metadata: Record<string, unknown>;
}

export interface ExternalTaskOutcome {
  created: Array<{ externalId: string; taskId: string }>;
  updated: Array<{ externalId: string; taskId: string }>;
  unchanged: Array<{ externalId: string; taskId: string }>;
  refused: Array<{ externalId: string; code: string; message: string }>;
  blocks: { created: number; existing: number; refused: Array<{ blocker: string; blocked: string; cycle: string[] }> };
}

/** Writes tasks known by external ids (the tasks module's TaskImportService). */
export abstract class ExternalTaskWriter {
  abstract upsert(
    actor: Actor,
    batch: { projectId: string | null; source: string; tasks: ExternalTask[]; blocks: Array<[string, string]> },
    options: { dryRun: boolean; onProgress?: (done: number, total: number) => void },
  ): Promise<ExternalTaskOutcome>;
}

/** Hands an import to the durable queue, in the current transaction. Answers the job id. */
export abstract class ImportQueue {
  abstract enqueue(importId: string): Promise<string>;
}

/** The role the one who started an import holds now (the organizations module's live rows), or undefined if none. */
export abstract class ImportAuthority {
  abstract roleOf(principal: { type: string; id: string | null }): Promise<Role | undefined>;
}
