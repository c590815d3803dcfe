import { DomainError } from '@switchyard/core';
import { IMPORTS, InvalidFileError, TooManyTasksError } from './imports.errors';
import { SkippedEntry } from './import';

/**
 * Reading a tasks.json (the file file-based task tools write): the legacy form `{"tasks":[…]}`
 * and the tagged form `{"<tag>":{"tasks":[…],"metadata":{…}}, …}`. Pure: it decides what each
 * entry becomes (a task of this product, a `blocks` edge) or why it is skipped. Cycles are
 * checked by the tasks module, which sees the stored dependencies too.
 */

/** The source name of the tasks' external ids. */
export const TASKS_FILE_SOURCE = 'tasks.json';

/** tasks.json statuses → this product's (SPEC §2.3). `deferred` is parked work: backlog. */
export const STATUS_MAP = {
  pending: 'todo',
  'in-progress': 'in_progress',
  review: 'in_review',
  done: 'done',
  deferred: 'backlog',
  cancelled: 'cancelled',
  blocked: 'blocked',
} as const;
export type FileStatus = keyof typeof STATUS_MAP;
export type MappedStatus = (typeof STATUS_MAP)[FileStatus];

/** tasks.json priorities → this product's; a task without one gets `medium` (the file tools' default). */
export const PRIORITY_MAP = { critical: 'urgent', urgent: 'urgent', high: 'high', medium: 'medium', low: 'low' } as const;
export type MappedPriority = (typeof PRIORITY_MAP)[keyof typeof PRIORITY_MAP];

const TITLE_MAX = 500;
/** The longest external id `task_external_ids` stores (its check, migration TaskImports): a subtask's id carries its parents'. */
export const EXTERNAL_ID_MAX = 128;
const DESCRIPTION_MAX = 100_000;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export interface PlannedTask {
  externalId: string;
  parentExternalId: string | null;
  title: string;
  description: string;
  type: 'task' | 'subtask';
  status: MappedStatus;
  priority: MappedPriority;
  metadata: Record<string, unknown>;
}

export interface PlannedGroup {
  /** The tag; null for the legacy form. */
  tag: string | null;
  projectSlug: string;
  projectName: string;
  projectDescription: string;
  tasks: PlannedTask[];
  /** [blocker, blocked] by external id: the dependency must finish first, so it blocks the task. */
  blocks: Array<[string, string]>;
  skipped: SkippedEntry[];
}

export interface TasksFile {
  format: 'legacy' | 'tagged';
  groups: PlannedGroup[];
  /** Tasks and subtasks in the file, skipped ones included. */
  entries: number;
}

/** Parses the file's text; not JSON → IMPORTS.INVALID_FILE. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidFileError(`The file is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Plans the import of a parsed tasks.json. `project`: the project slug for the legacy form
 * (required), or the one tag to import from the tagged form (else every tag, each into the
 * project whose slug is the tag's).
 */
export function planTasksFile(document: unknown, options: { project?: string; maxTasks: number }): TasksFile {
  if (!isObject(document)) throw new InvalidFileError(`A tasks.json is a JSON object, not ${describe(document)}`);
  if ('tasks' in document) {
    if (!Array.isArray(document.tasks)) throw new InvalidFileError(`"tasks" must be an array, not ${describe(document.tasks)}`, { path: 'tasks' });
    if (!options.project)
      throw new DomainError(IMPORTS.PROJECT_REQUIRED, 'A file without tags ({"tasks": […]}) is imported into one project: name it (--project, or project)');
    const slug = checkSlug(options.project);
    const groups = [planGroup(null, slug, slug, '', document.tasks)];
    return finish('legacy', groups, options.maxTasks);
  }
  const tags = Object.entries(document);
  if (tags.length === 0) throw new InvalidFileError('The file has neither "tasks" nor any tag');
  for (const [tag, value] of tags) {
    if (!isObject(value) || !Array.isArray(value.tasks))
      throw new InvalidFileError(`Tag "${tag}" must be an object with a "tasks" array (the tagged form {"<tag>": {"tasks": […], "metadata": {…}}})`, {
        path: tag,
      });
  }
  const bySlug = new Map<string, string>();
  const groups: PlannedGroup[] = [];
  for (const [tag, value] of tags as Array<[string, Record<string, unknown>]>) {
    const slug = slugify(tag);
    if (bySlug.has(slug)) throw new InvalidFileError(`Tags "${bySlug.get(slug)}" and "${tag}" would both be the project "${slug}"`, { path: tag });
    bySlug.set(slug, tag);
    if (options.project && options.project !== tag && options.project !== slug) continue;
    const metadata = isObject(value.metadata) ? value.metadata : {};
    const description = typeof metadata.description === 'string' ? metadata.description.slice(0, 10_000) : '';
    groups.push(planGroup(tag, slug, tag.slice(0, 200) || slug, description, value.tasks as unknown[]));
  }
  if (groups.length === 0)
    throw new DomainError(IMPORTS.TAG_NOT_FOUND, `The file has no tag "${options.project}"; its tags: ${[...bySlug.values()].join(', ')}`);
  return finish('tagged', groups, options.maxTasks);
}

function finish(format: TasksFile['format'], groups: PlannedGroup[], maxTasks: number): TasksFile {
  const entries = groups.reduce((sum, g) => sum + g.tasks.length + g.skipped.filter((s) => s.kind === 'task').length, 0);
  if (entries > maxTasks) throw new TooManyTasksError(entries, maxTasks);
  return { format, groups, entries };
}

interface Entry {
  id: string;
  parentId: string | null;
  raw: Record<string, unknown>;
  /** Dependencies as written. */
  dependencies: unknown[];
}

function planGroup(tag: string | null, projectSlug: string, projectName: string, projectDescription: string, items: unknown[]): PlannedGroup {
  const group: PlannedGroup = { tag, projectSlug, projectName, projectDescription, tasks: [], blocks: [], skipped: [] };
  const skip = (id: string, code: { code: string }, message: string) => group.skipped.push({ tag, id, kind: 'task', code: code.code, message });
  const accepted = new Map<string, Entry>();
  const skippedIds = new Set<string>();

  const visit = (list: unknown[], parentId: string | null, path: string) => {
    list.forEach((item, index) => {
      const where = `${path}[${index}]`;
      const rawId = isObject(item) ? item.id : undefined;
      const local =
        typeof rawId === 'number' && Number.isInteger(rawId) && rawId >= 0
          ? String(rawId)
          : typeof rawId === 'string' && /^\d{1,15}$/.test(rawId)
            ? String(Number(rawId))
            : undefined;
      const id = local === undefined ? where : parentId === null ? local : `${parentId}.${local}`;
      const subtasks = isObject(item) && Array.isArray(item.subtasks) ? item.subtasks : [];
      const skipTree = (code: { code: string }, message: string) => {
        skip(id, code, message);
        if (local !== undefined) skippedIds.add(id);
        skipChildren(subtasks, id, `${where}.subtasks`);
      };
      if (!isObject(item)) return skipTree(IMPORTS.INVALID_TASK, `${where} is ${describe(item)}, not a task object`);
      if (local === undefined) return skipTree(IMPORTS.INVALID_TASK, `${where} has no numeric "id"`);
      if (id.length > EXTERNAL_ID_MAX)
        return skipTree(IMPORTS.INVALID_TASK, `${where} is nested so deep that its id (with its parents') is longer than ${EXTERNAL_ID_MAX} characters`);
      if (accepted.has(id) || skippedIds.has(id)) return skip(id, IMPORTS.DUPLICATE_ID, `Task ${id} appears more than once; ${where} is left out`);
      const problem = checkTask(item);
      if (problem) return skipTree(problem.code, problem.message);
      if (item.dependencies !== undefined && !Array.isArray(item.dependencies))
        return skipTree(IMPORTS.INVALID_TASK, `"dependencies" of task ${id} must be an array`);
      if (item.subtasks !== undefined && !Array.isArray(item.subtasks)) return skipTree(IMPORTS.INVALID_TASK, `"subtasks" of task ${id} must be an array`);
      accepted.set(id, { id, parentId, raw: item, dependencies: (item.dependencies as unknown[] | undefined) ?? [] });
      visit(subtasks, id, `${where}.subtasks`);
    });
  };
  // Depth first with a stack of its own, not recursion: a file the CLI reads may nest thousands of levels.
  const skipChildren = (list: unknown[], parentId: string, path: string) => {
    const stack: Array<{ item: unknown; parentId: string; where: string }> = [];
    const push = (items: unknown[], parent: string, at: string) => {
      for (let index = items.length - 1; index >= 0; index--) stack.push({ item: items[index], parentId: parent, where: `${at}[${index}]` });
    };
    push(list, parentId, path);
    for (let next = stack.pop(); next; next = stack.pop()) {
      const { item, where } = next;
      const rawId = isObject(item) ? item.id : undefined;
      const id = typeof rawId === 'number' || typeof rawId === 'string' ? `${next.parentId}.${rawId}` : where;
      skip(id, IMPORTS.PARENT_SKIPPED, `Task ${next.parentId} was skipped, so its subtask ${id} is too`);
      skippedIds.add(id);
      if (isObject(item) && Array.isArray(item.subtasks)) push(item.subtasks, id, `${where}.subtasks`);
    }
  };
  visit(items, null, 'tasks');

  for (const entry of accepted.values()) {
    group.tasks.push(toPlanned(entry));
    const seen = new Set<string>();
    for (const dependency of entry.dependencies) {
      const target = resolveDependency(dependency, entry, accepted, skippedIds);
      const named = typeof dependency === 'string' || typeof dependency === 'number' ? String(dependency) : JSON.stringify(dependency);
      if (target.skipped !== undefined) {
        group.skipped.push({
          tag,
          id: entry.id,
          kind: 'dependency',
          dependsOn: target.skipped,
          code: IMPORTS.DEPENDENCY_SKIPPED.code,
          message: `Task ${entry.id} depends on ${target.skipped}, which was skipped`,
        });
      } else if (target.id === undefined) {
        group.skipped.push({
          tag,
          id: entry.id,
          kind: 'dependency',
          dependsOn: named,
          code: IMPORTS.UNKNOWN_DEPENDENCY.code,
          message: `Task ${entry.id} depends on ${named}, which is not in the file`,
        });
      } else if (!seen.has(target.id)) {
        seen.add(target.id);
        group.blocks.push([target.id, entry.id]);
      }
    }
  }
  return group;
}

/**
 * A dependency as the file tools write it: a top-level task's number names a top-level task, `"3.1"`
 * a subtask; a subtask's number names a sibling subtask first (`2` under task 3 is `3.2`), else a
 * top-level task.
 */
function resolveDependency(dependency: unknown, entry: Entry, accepted: Map<string, Entry>, skipped: Set<string>): { id?: string; skipped?: string } {
  let text: string | undefined;
  if (typeof dependency === 'number' && Number.isInteger(dependency) && dependency >= 0) text = String(dependency);
  else if (typeof dependency === 'string' && /^\d{1,15}(\.\d{1,15})*$/.test(dependency.trim())) text = dependency.trim();
  if (text === undefined) return {};
  const candidates = text.includes('.') ? [text] : entry.parentId !== null ? [`${entry.parentId}.${text}`, text] : [text];
  for (const candidate of candidates) if (accepted.has(candidate)) return { id: candidate };
  for (const candidate of candidates) if (skipped.has(candidate)) return { skipped: candidate };
  return {};
}

function checkTask(item: Record<string, unknown>): { code: { code: string }; message: string } | undefined {
  const id = String(item.id);
  if (typeof item.title !== 'string' || item.title.trim().length === 0) return { code: IMPORTS.INVALID_TASK, message: `Task ${id} has no title` };
  if (item.title.trim().length > TITLE_MAX) return { code: IMPORTS.INVALID_TASK, message: `The title of task ${id} is longer than ${TITLE_MAX} characters` };
  for (const field of ['description', 'details', 'testStrategy'] as const) {
    if (item[field] !== undefined && item[field] !== null && typeof item[field] !== 'string')
      return { code: IMPORTS.INVALID_TASK, message: `"${field}" of task ${id} must be a string` };
  }
  if (describeTask(item).length > DESCRIPTION_MAX)
    return {
      code: IMPORTS.INVALID_TASK,
      message: `The description, details and test strategy of task ${id} are longer than ${DESCRIPTION_MAX} characters together`,
    };
  if (item.status !== undefined && !(typeof item.status === 'string' && item.status.trim().toLowerCase() in STATUS_MAP))
    return {
      code: IMPORTS.INVALID_STATUS,
      message: `Task ${id} has the status ${JSON.stringify(item.status)}; a tasks.json status is one of ${Object.keys(STATUS_MAP).join(', ')}`,
    };
  if (item.priority !== undefined && item.priority !== null && !(typeof item.priority === 'string' && item.priority.trim().toLowerCase() in PRIORITY_MAP))
    return {
      code: IMPORTS.INVALID_PRIORITY,
      message: `Task ${id} has the priority ${JSON.stringify(item.priority)}; one of ${Object.keys(PRIORITY_MAP).join(', ')} is expected`,
    };
  return undefined;
}

function toPlanned(entry: Entry): PlannedTask {
  const raw = entry.raw;
  const status = typeof raw.status === 'string' ? STATUS_MAP[raw.status.trim().toLowerCase() as FileStatus] : 'todo';
  const priority = typeof raw.priority === 'string' ? PRIORITY_MAP[raw.priority.trim().toLowerCase() as keyof typeof PRIORITY_MAP] : 'medium';
  return {
    externalId: entry.id,
    parentExternalId: entry.parentId,
    title: (raw.title as string).trim(),
    description: describeTask(raw),
    type: entry.parentId === null ? 'task' : 'subtask',
    status,
    priority,
    metadata: { external: { source: TASKS_FILE_SOURCE, id: entry.id } },
  };
}

/** description, then details and test strategy as Markdown sections. */
function describeTask(raw: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof raw.description === 'string' && raw.description.trim()) parts.push(raw.description.trim());
  if (typeof raw.details === 'string' && raw.details.trim()) parts.push(`## Details\n\n${raw.details.trim()}`);
  if (typeof raw.testStrategy === 'string' && raw.testStrategy.trim()) parts.push(`## Test strategy\n\n${raw.testStrategy.trim()}`);
  return parts.join('\n\n');
}

function checkSlug(slug: string): string {
  if (!SLUG.test(slug)) throw new InvalidFileError(`"${slug}" is not a project slug (lowercase letters, digits and dashes)`, { field: 'project' });
  return slug;
}

/** A tag as a project slug: `feature/Auth v2` → `feature-auth-v2` (the projects module's rule). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return slug || 'project';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
