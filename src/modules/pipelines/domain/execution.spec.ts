import { admit, canMoveExecution, canMoveStep, planSteps, shouldRetry, StepState, stepsToRerun } from './execution';

const step = (key: string, status: StepState['status'], needs: string[] = []): StepState => ({
  id: `id-${key}`,
  key,
  needs,
  status,
  attempt: 1,
  maxAttempts: 1,
  retryExitCodes: [],
});

describe('execution rules', () => {
  it('queues steps whose needs succeeded and skips the dependants of a failure, transitively', () => {
    expect(planSteps([step('a', 'pending'), step('b', 'pending', ['a'])])).toEqual({ queue: ['id-a'], skip: [], outcome: undefined });
    expect(planSteps([step('a', 'succeeded'), step('b', 'pending', ['a']), step('c', 'pending', ['a'])]).queue).toEqual(['id-b', 'id-c']);
    const plan = planSteps([step('a', 'failed'), step('b', 'pending', ['a']), step('c', 'pending', ['b']), step('d', 'succeeded')]);
    expect(plan).toEqual({ queue: [], skip: ['id-b', 'id-c'], outcome: 'failed' });
  });

  it('finishes succeeded, failed or cancelled', () => {
    expect(planSteps([step('a', 'succeeded'), step('b', 'succeeded', ['a'])]).outcome).toBe('succeeded');
    expect(planSteps([step('a', 'timed_out')]).outcome).toBe('failed');
    expect(planSteps([step('a', 'cancelled'), step('b', 'pending', ['a'])]).outcome).toBe('cancelled');
    expect(planSteps([step('a', 'running'), step('b', 'succeeded')]).outcome).toBeUndefined();
  });

  it('retries by exit code while attempts remain', () => {
    const s = { attempt: 1, maxAttempts: 3, retryExitCodes: [137] };
    expect(shouldRetry(s, 137)).toBe(true);
    expect(shouldRetry(s, 1)).toBe(false);
    expect(shouldRetry(s, 0)).toBe(false);
    expect(shouldRetry({ ...s, attempt: 3 }, 137)).toBe(false);
    expect(shouldRetry({ ...s, retryExitCodes: [] }, 2)).toBe(true);
    expect(shouldRetry({ attempt: 1, maxAttempts: 1, retryExitCodes: [] }, 2)).toBe(false);
  });

  it('re-runs failed steps and their dependants only', () => {
    const steps = [step('a', 'succeeded'), step('b', 'failed', ['a']), step('c', 'skipped', ['b']), step('d', 'succeeded', ['a']), step('e', 'cancelled')];
    expect(stepsToRerun(steps)).toEqual(['id-b', 'id-c', 'id-e']);
    expect(stepsToRerun([step('a', 'succeeded')])).toEqual([]);
  });

  it('admits by concurrency policy', () => {
    expect(admit('limit', 2, 10_000, 1, 0)).toEqual({ decision: 'admit' });
    expect(admit('limit', 2, 10_000, 2, 0)).toEqual({ decision: 'wait' });
    expect(admit('limit', 2, 10_000, 1, 1)).toEqual({ decision: 'wait' });
    expect(admit('queue', 1, 1, 1, 0)).toEqual({ decision: 'wait' });
    expect(admit('queue', 1, 1, 1, 1)).toEqual({ decision: 'refuse' });
    expect(admit('cancel-in-progress', 1, 0, 1, 0)).toEqual({ decision: 'admit-cancelling', cancel: 'all' });
    expect(admit('cancel-in-progress', 1, 0, 0, 0)).toEqual({ decision: 'admit' });
  });

  it('allows only the documented moves', () => {
    expect(canMoveExecution('queued', 'running')).toBe(true);
    expect(canMoveExecution('succeeded', 'queued')).toBe(false);
    expect(canMoveExecution('failed', 'queued')).toBe(true);
    expect(canMoveStep('running', 'queued')).toBe(true);
    expect(canMoveStep('succeeded', 'pending')).toBe(false);
  });
});
