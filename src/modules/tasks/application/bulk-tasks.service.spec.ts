import { Actor, DomainError } from '@switchyard/core';
import { TASKS } from '../domain/task.errors';
import { BulkCreateItem, BulkTasksService, BulkUpdateItem } from './bulk-tasks.service';
import { InMemoryTaskRepository, InMemoryWorkflowRepository, membersOf, projectsOf, RecordingChangeLog } from './in-memory-ports.fake';
import { AgentDirectoryRegistry } from './agent-directory';
import { TaskReferences } from './task-references';
import { TaskHistoryRepository } from './task-history.repository';
import { TaskTreeRepository } from './task-tree.repository';
import { TasksService } from './tasks.service';

const actor: Actor = { type: 'user', id: 'alice', organizationId: 'org', role: 'member' };

function setup(members = membersOf(['alice', 'bob'])) {
  const tasks = new InMemoryTaskRepository();
  const workflows = new InMemoryWorkflowRepository();
  workflows.add('w1', 'p1', ['w1-a']);
  const log = new RecordingChangeLog();
  const references = new TaskReferences(projectsOf('p1', 'p2'), members, tasks, workflows, new AgentDirectoryRegistry());
  const single = new TasksService(tasks, {} as TaskTreeRepository, {} as TaskHistoryRepository, references, log.asChangeLog());
  return { tasks, log, bulk: new BulkTasksService(tasks, single, references, log.asChangeLog()) };
}

/** The per-item errors of a rejected batch, as [index, code]. */
async function rejection(promise: Promise<unknown>): Promise<Array<[number, string]>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(TASKS.BULK_REJECTED.code);
  return ((error as DomainError).details!.items as Array<{ index: number; code: string }>).map((item) => [item.index, item.code]);
}

describe('BulkTasksService.create', () => {
  it('nests items by ref in any order, keeps input order, places them and logs one creation', async () => {
    const { bulk, tasks, log } = setup();
    const items: BulkCreateItem[] = [
      { projectId: 'p1', title: 'leaf', parentRef: 'story' },
      { projectId: 'p1', title: 'story', ref: 'story', parentRef: 'epic', phaseId: 'w1-a' },
      { projectId: 'p1', title: 'epic', ref: 'epic', assignee: { type: 'user', id: 'bob' } },
    ];
    const created = await bulk.create(actor, items);
    expect(created.map((t) => t.title)).toEqual(['leaf', 'story', 'epic']);
    const [leaf, story, epic] = created;
    expect(leaf.parentId).toBe(story.id);
    expect(story.parentId).toBe(epic.id);
    expect(epic.parentId).toBeNull();
    expect([story.workflowId, story.phaseId]).toEqual(['w1', 'w1-a']);
    expect(tasks.inserted).toHaveLength(1);
    expect(log.created).toEqual([created]);
  });

  it('rejects the whole batch, listing every bad item by index, and writes nothing', async () => {
    const { bulk, tasks, log } = setup();
    const items: BulkCreateItem[] = [
      { projectId: 'p1', title: 'fine', ref: 'a' },
      { projectId: 'p1', title: 'unknown ref', parentRef: 'nope' },
      { projectId: 'p1', title: 'same ref again', ref: 'a' },
      { projectId: 'p1', title: 'both parents', parentRef: 'a', parentId: 'x' },
      { projectId: 'p2', title: 'parent in another project', parentRef: 'a' },
      { projectId: 'p1', title: 'stranger', assignee: { type: 'user', id: 'mallory' } },
      { projectId: 'p9', title: 'no such project' },
      { projectId: 'p1', title: 'loop 1', ref: 'l1', parentRef: 'l2' },
      { projectId: 'p1', title: 'loop 2', ref: 'l2', parentRef: 'l1' },
      { projectId: 'p1', title: 'foreign workflow', workflowId: 'missing' },
    ];
    expect(await rejection(bulk.create(actor, items))).toEqual([
      [1, TASKS.UNKNOWN_REF.code],
      [2, TASKS.DUPLICATE_REF.code],
      [3, TASKS.INVALID_ITEM.code],
      [4, TASKS.PARENT_NOT_FOUND.code],
      [5, TASKS.NOT_A_MEMBER.code],
      [6, 'PROJECTS.PROJECT_NOT_FOUND'],
      [7, TASKS.REF_CYCLE.code],
      [8, TASKS.REF_CYCLE.code],
      [9, TASKS.WORKFLOW_NOT_FOUND.code],
    ]);
    expect(tasks.inserted).toEqual([]);
    expect(log.created).toEqual([]);
  });

  it('refuses more than 100 items before looking at any', async () => {
    const { bulk } = setup();
    const items = Array.from({ length: 101 }, (_, i) => ({ projectId: 'p1', title: `t${i}` }));
    await expect(bulk.create(actor, items)).rejects.toMatchObject({ code: TASKS.BULK_TOO_LARGE.code });
  });

  it('lets a failure of a check propagate as itself, not as a rejected item', async () => {
    const outage = new Error('connection terminated unexpectedly');
    const { bulk, tasks } = setup(membersOf([], outage));
    await expect(bulk.create(actor, [{ projectId: 'p1', title: 't', assignee: { type: 'user', id: 'bob' } }])).rejects.toBe(outage);
    expect(tasks.inserted).toEqual([]);
  });
});

describe('BulkTasksService.update', () => {
  it('applies every item in one save and logs before/after pairs', async () => {
    const { bulk, tasks, log } = setup();
    tasks.add({ id: 't1', projectId: 'p1', labels: ['a', 'b'] });
    tasks.add({ id: 't2', projectId: 'p1', status: 'todo' });
    const items: BulkUpdateItem[] = [
      { id: 't1', addLabels: ['c'], removeLabels: ['A'], priority: 'high' },
      { id: 't2', status: 'in_progress', assignee: { type: 'user', id: 'bob' }, version: 1 },
    ];
    const saved = await bulk.update(actor, items);
    expect(tasks.saved).toHaveLength(1);
    expect(saved.map((t) => [t.id, t.labels, t.priority, t.status, t.assignee?.id ?? null])).toEqual([
      ['t1', ['b', 'c'], 'high', 'backlog', null],
      ['t2', [], 'none', 'in_progress', 'bob'],
    ]);
    expect(saved[1].startedAt).toBeInstanceOf(Date);
    expect(log.changed[0].map((pair) => [pair.before.id, pair.after.version])).toEqual([
      ['t1', 2],
      ['t2', 2],
    ]);
  });

  it('rejects the whole batch with one error per bad item and saves nothing', async () => {
    const { bulk, tasks, log } = setup();
    tasks.add({ id: 't1', projectId: 'p1', version: 3 });
    tasks.add({ id: 't2', projectId: 'p1', status: 'backlog' });
    const items: BulkUpdateItem[] = [
      { id: 't1', version: 2, priority: 'low' },
      { id: 'missing', priority: 'low' },
      { id: 't2', status: 'done' },
      { id: 't2', priority: 'low' },
      { id: 't1', assignee: { type: 'user', id: 'mallory' } },
    ];
    expect(await rejection(bulk.update(actor, items))).toEqual([
      [0, 'COMMON.STALE_VERSION'],
      [1, TASKS.TASK_NOT_FOUND.code],
      [2, TASKS.INVALID_TRANSITION.code],
      [3, TASKS.DUPLICATE_ITEM.code],
      [4, TASKS.DUPLICATE_ITEM.code],
    ]);
    expect(tasks.saved).toEqual([]);
    expect(log.changed).toEqual([]);
  });

  it("reports a non-member assignee as that item's error", async () => {
    const { bulk, tasks } = setup();
    tasks.add({ id: 't1', projectId: 'p1' });
    expect(await rejection(bulk.update(actor, [{ id: 't1', assignee: { type: 'user', id: 'mallory' } }]))).toEqual([[0, TASKS.NOT_A_MEMBER.code]]);
  });

  it('lets a database failure propagate instead of turning it into an item error', async () => {
    const outage = new Error('deadlock detected');
    const { bulk, tasks } = setup(membersOf([], outage));
    tasks.add({ id: 't1', projectId: 'p1' });
    await expect(bulk.update(actor, [{ id: 't1', assignee: { type: 'user', id: 'bob' } }])).rejects.toBe(outage);
    expect(tasks.saved).toEqual([]);
  });
});
