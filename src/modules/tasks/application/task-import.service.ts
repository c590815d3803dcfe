import { Injectable } from '@nestjs/common';
import { Actor, DomainError } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { cyclicComponents } from '../domain/dependency-cycles';
import { applyChanges, diffTask, Task, transitionTimestamps } from '../domain/task';
import { Priority, TaskStatus, TaskType } from '../domain/task.types';
import { HistoryEntry, TaskHistoryRepository } from './task-history.repository';
import { TaskImportRepository } from './task-import.repository';
import { TaskRelationRepository } from './task-relation.repository';
import { NewTask, TaskRepository } from './task.repository';

/** One task as another system knows it, keyed by its id there. */
export interface ExternalTaskInput {
  externalId: string;
  /** The external id of its parent, which must be in the same batch (or mapped already). */
  parentExternalId: string | null;
  title: string;
  description: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  /** Merged over the task's metadata on update. */
  metadata: Record<string, unknown>;
}

export interface ExternalTaskBatch {
  /** null only for a dry run into a project that does not exist yet. */
  projectId: string | null;
  /** Names the other system: external ids are unique per project and source. */
  source: string;
  /** Parents may come after their children. External ids must be unique. */
  tasks: ExternalTaskInput[];
  /** [blocker, blocked] by external id; both must be in `tasks`. */
  blocks: Array<[string, string]>;
}

export interface RefusedTask {
  externalId: string;
  code: string;
  message: string;
}

export interface RefusedBlock {
  blocker: string;
  blocked: string;
  /** The tasks on the cycle the edge would close (external ids where known, else task ids). */
  cycle: string[];
}

export interface ExternalTaskOutcome {
  created: Array<{ externalId: string; taskId: string }>;
  updated: Array<{ externalId: string; taskId: string }>;
  unchanged: Array<{ externalId: string; taskId: string }>;
  refused: RefusedTask[];
  /** `created`: new relations (in a dry run: the ones that would be). */
  blocks: { created: number; existing: number; refused: RefusedBlock[] };
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Called as rows are written (done of total), for progress reports. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Rows per statement: large enough to be set-based, small enough to report progress and bound a statement's JSON. */
export const IMPORT_CHUNK = 5_000;

/**
 * Creates or updates a batch of tasks that come from another system (tasks.json), found again
 * by their external ids, with their `blocks` dependencies, in the caller's transaction: every
 * write is set-based (one statement per chunk of IMPORT_CHUNK rows), and the task rules still
 * hold: numbering and tree paths (the task insert), status transitions on update (a change the
 * workflow forbids refuses that task), no dependency cycle with what is stored (the
 * organization's dependency lock, then a cycle check over the stored and new edges together),
 * and a history entry for every task written (the caller audits the import as a whole).
 *
 * Not changed on update: the parent (a re-import does not move tasks) and relations the file no
 * longer lists (relations only ever get added).
 */
@Injectable()
export class TaskImportService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly imports: TaskImportRepository,
    private readonly relations: TaskRelationRepository,
    private readonly history: TaskHistoryRepository,
  ) {}

  async upsert(actor: Actor, batch: ExternalTaskBatch, options: ImportOptions = {}): Promise<ExternalTaskOutcome> {
    const now = new Date();
    if (!options.dryRun) await this.relations.lockDependencies();
    const mapped = batch.projectId ? await this.imports.findMapped(batch.projectId, batch.source) : new Map<string, Task>();
    const outcome: ExternalTaskOutcome = { created: [], updated: [], unchanged: [], refused: [], blocks: { created: 0, existing: 0, refused: [] } };

    const idOf = new Map<string, string>();
    const externalOf = new Map<string, string>();
    const creates: Array<{ input: ExternalTaskInput; id: string }> = [];
    const updates: Array<{ externalId: string; before: Task; after: Task }> = [];
    for (const input of batch.tasks) {
      const before = mapped.get(input.externalId);
      const id = before?.id ?? randomUUID();
      idOf.set(input.externalId, id);
      externalOf.set(id, input.externalId);
      if (!before) {
        creates.push({ input, id });
        continue;
      }
      try {
        const after = applyChanges(
          before,
          {
            title: input.title,
            description: input.description,
            type: input.type,
            status: input.status,
            priority: input.priority,
            metadata: { ...before.metadata, ...input.metadata },
          },
          now,
        );
        if (changesOf(before, after).length === 0) outcome.unchanged.push({ externalId: input.externalId, taskId: id });
        else updates.push({ externalId: input.externalId, before, after });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome.refused.push({ externalId: input.externalId, code: error.code, message: error.message });
      }
    }

    const rows: NewTask[] = creates.map(({ input, id }) => ({
      id,
      projectId: batch.projectId ?? '00000000-0000-0000-0000-000000000000',
      parentId: input.parentExternalId !== null ? (idOf.get(input.parentExternalId) ?? null) : null,
      workflowId: null,
      phaseId: null,
      title: input.title,
      description: input.description,
      type: input.type,
      status: input.status,
      priority: input.priority,
      assignee: null,
      reporter: { type: actor.type, id: actor.id ?? null },
      labels: [],
      estimate: null,
      actualMinutes: null,
      dueDate: null,
      maxRetries: 0,
      metadata: input.metadata,
      ...transitionTimestamps({ status: 'backlog', startedAt: null, completedAt: null }, input.status, now),
    }));
    const ordered = parentsFirst(rows);
    outcome.created = creates.map(({ input, id }) => ({ externalId: input.externalId, taskId: id }));
    outcome.updated = updates.map(({ externalId, after }) => ({ externalId, taskId: after.id }));

    const newEdges = await this.checkBlocks(batch, idOf, externalOf, mapped.size > 0, outcome);
    if (options.dryRun) {
      outcome.blocks.created = newEdges.length;
      return outcome;
    }

    const total = ordered.length + updates.length + newEdges.length;
    let done = 0;
    const step = async (count: number) => {
      done += count;
      await options.onProgress?.(done, total);
    };
    const source = batch.source;
    for (let i = 0; i < ordered.length; i += IMPORT_CHUNK) {
      const chunk = ordered.slice(i, i + IMPORT_CHUNK);
      await this.tasks.insert(chunk);
      await this.imports.insertMappings(
        batch.projectId!,
        source,
        chunk.map((task) => ({ externalId: externalOf.get(task.id)!, taskId: task.id })),
      );
      await this.history.record(
        chunk.map((task) => ({ taskId: task.id, field: 'imported', oldValue: null, newValue: { source, externalId: externalOf.get(task.id) } })),
        actorOf(actor),
      );
      await step(chunk.length);
    }
    for (let i = 0; i < updates.length; i += IMPORT_CHUNK) {
      const chunk = updates.slice(i, i + IMPORT_CHUNK);
      const saved = await this.tasks.save(chunk.map((u) => u.after));
      const entries: HistoryEntry[] = saved.flatMap((after, k) => changesOf(chunk[k].before, after).map((change) => ({ ...change, taskId: after.id })));
      await this.history.record(entries, actorOf(actor));
      await step(chunk.length);
    }
    for (let i = 0; i < newEdges.length; i += IMPORT_CHUNK) {
      const chunk = newEdges.slice(i, i + IMPORT_CHUNK);
      outcome.blocks.created += await this.imports.insertBlocks(chunk, actorOf(actor));
      await step(chunk.length);
    }
    outcome.blocks.existing += newEdges.length - outcome.blocks.created;
    return outcome;
  }

  /**
   * The batch's `blocks` edges that can be added: not already stored, and closing no cycle with
   * the stored edges or each other. Every edge on a cycle is refused (with the cycle's tasks).
   */
  private async checkBlocks(
    batch: ExternalTaskBatch,
    idOf: Map<string, string>,
    externalOf: Map<string, string>,
    anyMapped: boolean,
    outcome: ExternalTaskOutcome,
  ): Promise<Array<[string, string]>> {
    const stored = anyMapped ? await this.imports.blocksEdges() : [];
    const storedKeys = new Set(stored.map(([a, b]) => `${a}>${b}`));
    const candidates: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const [blocker, blocked] of batch.blocks) {
      const pair: [string, string] = [idOf.get(blocker)!, idOf.get(blocked)!];
      const key = `${pair[0]}>${pair[1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (storedKeys.has(key)) outcome.blocks.existing += 1;
      else candidates.push(pair);
    }
    const componentOf = new Map<string, string[]>();
    for (const component of cyclicComponents([...stored, ...candidates])) for (const node of component) componentOf.set(node, component);
    const accepted: Array<[string, string]> = [];
    for (const [a, b] of candidates) {
      const component = componentOf.get(a);
      if (component && component === componentOf.get(b)) {
        outcome.blocks.refused.push({ blocker: externalOf.get(a)!, blocked: externalOf.get(b)!, cycle: component.map((id) => externalOf.get(id) ?? id) });
      } else accepted.push([a, b]);
    }
    return accepted;
  }
}

/** Parents before their children (the tree-path trigger reads the parent row); otherwise input order. */
function parentsFirst(rows: NewTask[]): NewTask[] {
  const inBatch = new Map(rows.map((row) => [row.id, row]));
  const level = new Map<string, number>();
  const levelOf = (row: NewTask): number => {
    let depth = 0;
    for (let parent = row.parentId; parent && inBatch.has(parent) && depth <= rows.length; parent = inBatch.get(parent)!.parentId) depth += 1;
    return depth;
  };
  for (const row of rows) level.set(row.id, levelOf(row));
  return rows
    .map((row, ord) => ({ row, ord }))
    .sort((x, y) => level.get(x.row.id)! - level.get(y.row.id)! || x.ord - y.ord)
    .map((x) => x.row);
}

/** The fields that really changed: JSON values compared whatever their key order (jsonb reorders keys). */
function changesOf(before: Task, after: Task) {
  return diffTask(before, after).filter((change) => stableJson(change.oldValue) !== stableJson(change.newValue));
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function actorOf(actor: Actor): { type: string; id: string | null } {
  return { type: actor.type, id: actor.id ?? null };
}
