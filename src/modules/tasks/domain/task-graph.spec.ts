import { assertMoveKeepsTree, blockingCycle, Edge, findPath, planBatch, QueueCandidate, readyQueue } from './task-graph';
import { HierarchyCycleError } from './task.errors';

describe('findPath', () => {
  it('finds the shortest path and none where there is none', () => {
    const edges: Edge[] = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['a', 'd'],
      ['x', 'a'],
    ];
    expect(findPath(edges, 'a', 'd')).toEqual(['a', 'd']);
    expect(findPath(edges, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(findPath(edges, 'd', 'a')).toBeNull();
    expect(findPath(edges, 'a', 'a')).toEqual(['a']);
  });

  it('walks a 10,000-long chain without recursion', () => {
    const edges: Edge[] = Array.from({ length: 10_000 }, (_, i) => [`n${i}`, `n${i + 1}`] as const);
    expect(findPath(edges, 'n0', 'n10000')).toHaveLength(10_001);
  });

  it('terminates on graphs that already have cycles', () => {
    expect(
      findPath(
        [
          ['a', 'b'],
          ['b', 'a'],
          ['b', 'c'],
        ],
        'a',
        'z',
      ),
    ).toBeNull();
  });
});

describe('blockingCycle', () => {
  const edges: Edge[] = [
    ['a', 'b'],
    ['b', 'c'],
  ];
  it('names the cycle a new blocks edge would close, blocker first and last', () => {
    expect(blockingCycle(edges, 'c', 'a')).toEqual(['c', 'a', 'b', 'c']);
    expect(blockingCycle([['a', 'b']], 'b', 'a')).toEqual(['b', 'a', 'b']);
  });
  it('accepts edges that keep the graph acyclic, including diamonds', () => {
    expect(blockingCycle(edges, 'a', 'c')).toBeNull();
    expect(blockingCycle([...edges, ['a', 'd'], ['d', 'c']], 'c', 'e')).toBeNull();
  });
});

describe('assertMoveKeepsTree', () => {
  it('accepts a move to the root or outside the subtree', () => {
    expect(() => assertMoveKeepsTree('t', null, [])).not.toThrow();
    expect(() => assertMoveKeepsTree('t', 'p', ['p', 'root'])).not.toThrow();
  });
  it('refuses a move under itself or its own subtree, naming the loop', () => {
    expect(() => assertMoveKeepsTree('t', 't', ['t'])).toThrow(HierarchyCycleError);
    try {
      assertMoveKeepsTree('t', 'grandchild', ['grandchild', 'child', 't', 'root']);
      throw new Error('expected a cycle');
    } catch (error) {
      expect(error).toBeInstanceOf(HierarchyCycleError);
      expect((error as HierarchyCycleError).details).toEqual({ cycle: ['t', 'child', 'grandchild', 't'] });
    }
  });
});

describe('readyQueue', () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
  const tasks: QueueCandidate[] = [
    { id: 'low-old', status: 'todo', priority: 'low', createdAt: at(0) },
    { id: 'urgent-new', status: 'todo', priority: 'urgent', createdAt: at(9) },
    { id: 'urgent-old', status: 'backlog', priority: 'urgent', createdAt: at(1) },
    { id: 'blocked-by-open', status: 'todo', priority: 'urgent', createdAt: at(0) },
    { id: 'blocker-open', status: 'in_progress', priority: 'none', createdAt: at(0) },
    { id: 'blocked-by-done', status: 'todo', priority: 'high', createdAt: at(0) },
    { id: 'blocker-done', status: 'done', priority: 'none', createdAt: at(0) },
    { id: 'blocked-by-cancelled', status: 'todo', priority: 'medium', createdAt: at(0) },
    { id: 'blocker-cancelled', status: 'cancelled', priority: 'none', createdAt: at(0) },
    { id: 'deleted', status: 'todo', priority: 'urgent', createdAt: at(0), deletedAt: at(5) },
    { id: 'parked', status: 'blocked', priority: 'urgent', createdAt: at(0) },
  ];
  const blocks: Edge[] = [
    ['blocker-open', 'blocked-by-open'],
    ['blocker-done', 'blocked-by-done'],
    ['blocker-cancelled', 'blocked-by-cancelled'],
  ];

  it('keeps open unblocked tasks, by priority then age; finished blockers stop blocking', () => {
    expect(readyQueue(tasks, blocks).map((t) => t.id)).toEqual(['urgent-old', 'urgent-new', 'blocked-by-done', 'blocked-by-cancelled', 'low-old']);
  });
});

describe('planBatch', () => {
  it('orders parents before children whatever the input order', () => {
    const plan = planBatch([{ parentRef: 'b' }, { ref: 'b', parentRef: 'a' }, { ref: 'a' }, {}]);
    expect(plan.errors.size).toBe(0);
    const position = (i: number) => plan.order.indexOf(i);
    expect(position(2)).toBeLessThan(position(1));
    expect(position(1)).toBeLessThan(position(0));
    expect([...plan.order].sort()).toEqual([0, 1, 2, 3]);
  });

  it('reports unknown refs, duplicate refs and loops per item', () => {
    const plan = planBatch([{ ref: 'a', parentRef: 'b' }, { ref: 'b', parentRef: 'a' }, { ref: 'a' }, { parentRef: 'zzz' }, { ref: 'c', parentRef: 'c' }]);
    expect(plan.errors.get(0)?.code).toBe('TASKS.REF_CYCLE');
    expect(plan.errors.get(1)?.code).toBe('TASKS.REF_CYCLE');
    expect(plan.errors.get(2)?.code).toBe('TASKS.DUPLICATE_REF');
    expect(plan.errors.get(3)?.code).toBe('TASKS.UNKNOWN_REF');
    expect(plan.errors.get(4)?.code).toBe('TASKS.REF_CYCLE');
  });

  it('handles a 100-deep chain given bottom-up', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ ref: `r${i}`, parentRef: i < 99 ? `r${i + 1}` : undefined }));
    const plan = planBatch(items);
    expect(plan.errors.size).toBe(0);
    expect(plan.order[0]).toBe(99);
    expect(plan.order[99]).toBe(0);
  });
});
