import { fromCounts } from './task';
import { InvalidPhasesError } from './task.errors';
import { phaseStatus, planPhases, workflowStatus } from './workflow';

const counts = (c: Partial<Record<'backlog' | 'todo' | 'in_progress' | 'in_review' | 'blocked' | 'done' | 'cancelled', number>>) =>
  fromCounts({ backlog: 0, todo: 0, in_progress: 0, in_review: 0, blocked: 0, done: 0, cancelled: 0, ...c }, 0, 0);

describe('phase and workflow status', () => {
  it('derives a phase status from its tasks', () => {
    expect(phaseStatus(counts({}))).toBe('empty');
    expect(phaseStatus(counts({ todo: 2, backlog: 1 }))).toBe('not_started');
    expect(phaseStatus(counts({ todo: 2, in_progress: 1 }))).toBe('in_progress');
    expect(phaseStatus(counts({ todo: 1, done: 1 }))).toBe('in_progress');
    expect(phaseStatus(counts({ done: 2, cancelled: 1 }))).toBe('completed');
    expect(phaseStatus(counts({ cancelled: 2 }))).toBe('not_started');
  });

  it('derives the workflow status and the current phase, skipping empty phases', () => {
    expect(workflowStatus([])).toEqual({ status: 'empty', currentPhaseId: null });
    expect(
      workflowStatus([
        { id: 'a', status: 'completed' },
        { id: 'b', status: 'empty' },
        { id: 'c', status: 'not_started' },
      ]),
    ).toEqual({
      status: 'in_progress',
      currentPhaseId: 'c',
    });
    expect(
      workflowStatus([
        { id: 'a', status: 'not_started' },
        { id: 'b', status: 'not_started' },
      ]),
    ).toEqual({ status: 'not_started', currentPhaseId: 'a' });
    expect(
      workflowStatus([
        { id: 'a', status: 'completed' },
        { id: 'b', status: 'empty' },
      ]),
    ).toEqual({ status: 'completed', currentPhaseId: null });
  });
});

describe('planPhases', () => {
  const current = [
    { id: 'p1', name: 'Design', description: '', position: 0 },
    { id: 'p2', name: 'Build', description: '', position: 1 },
  ];
  it('keeps, reorders, adds and removes phases', () => {
    const plan = planPhases(current, [{ id: 'p2', name: 'Build' }, { name: ' Ship ' }]);
    expect(plan.keep).toEqual([
      { id: 'p2', name: 'Build', position: 0 },
      { name: 'Ship', position: 1 },
    ]);
    expect(plan.remove).toEqual(['p1']);
  });
  it('refuses duplicate names and foreign ids', () => {
    expect(() => planPhases(current, [{ name: 'A' }, { name: 'a' }])).toThrow(InvalidPhasesError);
    expect(() => planPhases(current, [{ id: 'other', name: 'A' }])).toThrow(InvalidPhasesError);
  });
});
