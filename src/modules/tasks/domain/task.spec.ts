import { applyChanges, canTransition, claim, diffTask, editLabels, recordFailure, releaseClaim, rollUp, Task, TRANSITIONS, transitionTimestamps } from './task';
import { InvalidTransitionError, TaskDeletedError } from './task.errors';
import { TASK_STATUSES, TaskStatus } from './task.types';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');
const t2 = new Date('2026-01-03T00:00:00Z');

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'a',
    organizationId: 'o',
    projectId: 'p',
    number: 1,
    parentId: null,
    workflowId: null,
    phaseId: null,
    title: 'Fix it',
    description: '',
    type: 'task',
    status: 'todo',
    priority: 'none',
    assignee: null,
    reporter: null,
    labels: [],
    estimate: null,
    actualMinutes: null,
    dueDate: null,
    startedAt: null,
    completedAt: null,
    retryCount: 0,
    maxRetries: 0,
    metadata: {},
    deletedAt: null,
    version: 1,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  };
}

describe('status transitions', () => {
  it.each([
    ['backlog', 'todo'],
    ['todo', 'in_progress'],
    ['in_progress', 'in_review'],
    ['in_review', 'done'],
    ['in_progress', 'done'],
    ['done', 'todo'],
    ['cancelled', 'backlog'],
    ['blocked', 'in_progress'],
  ] as Array<[TaskStatus, TaskStatus]>)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['backlog', 'done'],
    ['todo', 'done'],
    ['todo', 'in_review'],
    ['done', 'cancelled'],
    ['cancelled', 'done'],
    ['cancelled', 'in_progress'],
    ['blocked', 'done'],
  ] as Array<[TaskStatus, TaskStatus]>)('refuses %s → %s, naming both ends and the allowed targets', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: InvalidTransitionError | undefined;
    try {
      applyChanges(task({ status: from }), { status: to }, t1);
    } catch (e) {
      error = e as InvalidTransitionError;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error!.code).toBe('TASKS.INVALID_TRANSITION');
    expect(error!.details).toEqual({ from, to, allowed: TRANSITIONS[from] });
  });

  it('has a rule for every status and only names known statuses', () => {
    for (const status of TASK_STATUSES) {
      expect(TRANSITIONS[status].length).toBeGreaterThan(0);
      for (const to of TRANSITIONS[status]) expect(TASK_STATUSES).toContain(to);
      expect(canTransition(status, status)).toBe(true);
    }
  });

  it('sets startedAt on the first start only, completedAt on closing, and clears completedAt on reopening', () => {
    const started = applyChanges(task(), { status: 'in_progress' }, t1);
    expect(started.startedAt).toEqual(t1);
    expect(started.completedAt).toBeNull();
    const back = applyChanges(started, { status: 'todo' }, t2);
    expect(back.startedAt).toEqual(t1);
    const restarted = applyChanges(back, { status: 'in_progress' }, t2);
    expect(restarted.startedAt).toEqual(t1);
    const done = applyChanges(restarted, { status: 'done' }, t2);
    expect(done.completedAt).toEqual(t2);
    const reopened = applyChanges(done, { status: 'todo' }, t2);
    expect(reopened.completedAt).toBeNull();
    const cancelled = applyChanges(task(), { status: 'cancelled' }, t1);
    expect(cancelled.completedAt).toEqual(t1);
    expect(cancelled.startedAt).toBeNull();
  });

  it('keeps timestamps when the status does not change', () => {
    expect(transitionTimestamps({ status: 'done', startedAt: t0, completedAt: t1 }, 'done', t2)).toEqual({ startedAt: t0, completedAt: t1 });
  });

  it('refuses to change a deleted task', () => {
    expect(() => applyChanges(task({ deletedAt: t1 }), { title: 'x' }, t2)).toThrow(TaskDeletedError);
  });

  it('normalizes labels: trimmed, unique case-insensitively, order kept', () => {
    expect(applyChanges(task(), { labels: [' api', 'API', 'db', ''] }, t1).labels).toEqual(['api', 'db']);
    expect(editLabels(['api', 'db'], ['UI', 'Api'], ['DB'])).toEqual(['api', 'UI']);
  });
});

describe('claims and retries', () => {
  const agent = { type: 'agent' as const, id: 'agent-1' };

  it('claims: assigns and starts', () => {
    const claimed = claim(task(), agent, t1);
    expect(claimed).toMatchObject({ status: 'in_progress', assignee: agent, startedAt: t1 });
  });

  it('retries a failure while retries remain, then parks it as blocked', () => {
    let current = claim(task({ maxRetries: 1 }), agent, t1);
    current = recordFailure(current, t2);
    expect(current).toMatchObject({ status: 'todo', retryCount: 1, assignee: null });
    current = recordFailure(claim(current, agent, t2), t2);
    expect(current).toMatchObject({ status: 'blocked', retryCount: 2, assignee: agent });
  });

  it('refuses to fail or release a task that is not in progress', () => {
    expect(() => recordFailure(task({ status: 'done' }), t1)).toThrow(InvalidTransitionError);
    expect(releaseClaim(claim(task(), agent, t1), t2)).toMatchObject({ status: 'todo', assignee: null, retryCount: 0 });
  });
});

describe('history diff', () => {
  it('lists only changed fields, dates as ISO strings', () => {
    const before = task();
    const after = { ...applyChanges(before, { status: 'in_progress', labels: ['x'] }, t1), title: 'Fix it' };
    expect(diffTask(before, after)).toEqual([
      { field: 'status', oldValue: 'todo', newValue: 'in_progress' },
      { field: 'labels', oldValue: [], newValue: ['x'] },
      { field: 'startedAt', oldValue: null, newValue: t1.toISOString() },
    ]);
  });

  it('on creation lists the fields that hold a value', () => {
    const fields = diffTask(null, task({ priority: 'high', assignee: { type: 'user', id: 'u' } })).map((c) => c.field);
    expect(fields).toEqual(['title', 'type', 'status', 'priority', 'assignee']);
  });
});

describe('progress roll-up', () => {
  it('counts by status, ignores cancelled work, and weighs by estimate', () => {
    const progress = rollUp([
      { status: 'done', estimate: 60 },
      { status: 'done', estimate: null },
      { status: 'in_progress', estimate: 180 },
      { status: 'todo', estimate: null },
      { status: 'cancelled', estimate: 500 },
    ]);
    expect(progress.total).toBe(5);
    expect(progress.byStatus).toMatchObject({ done: 2, in_progress: 1, todo: 1, cancelled: 1 });
    expect(progress.ratio).toBe(0.5);
    expect(progress.estimateTotal).toBe(240);
    expect(progress.estimateDone).toBe(60);
    expect(progress.weightedRatio).toBe(0.25);
  });

  it('has no ratio for nothing', () => {
    expect(rollUp([])).toMatchObject({ total: 0, ratio: null, weightedRatio: null });
    expect(rollUp([{ status: 'cancelled', estimate: 5 }])).toMatchObject({ ratio: null, weightedRatio: null });
  });
});
