import { DomainError } from '@switchyard/core';
import { assertRunTransition, costOf, isTerminal, pollDelayMs, retryDelayMs, RUN_STATUSES, RUN_TRANSITIONS } from './agent-run';

describe('agent run status machine', () => {
  it('goes queued → running → completed | failed | cancelled; terminal states go nowhere', () => {
    expect(RUN_TRANSITIONS.queued).toEqual(['running', 'failed', 'cancelled']);
    expect(RUN_TRANSITIONS.running).toEqual(['completed', 'failed', 'cancelled']);
    for (const status of ['completed', 'failed', 'cancelled'] as const) {
      expect(isTerminal(status)).toBe(true);
      for (const to of RUN_STATUSES) expect(() => assertRunTransition(status, to)).toThrow(DomainError);
    }
    expect(isTerminal('queued')).toBe(false);
    expect(() => assertRunTransition('queued', 'completed')).toThrow(/cannot go from queued to completed/);
    expect(() => assertRunTransition('running', 'queued')).toThrow(DomainError);
    expect(() => assertRunTransition('queued', 'running')).not.toThrow();
  });

  it('polls less and less often, up to a cap', () => {
    const delays = [0, 1, 2, 3, 10, 100].map((polls) => pollDelayMs(polls, 1000, 60_000));
    expect(delays).toEqual([1000, 1500, 2250, 3375, 57_665, 60_000]);
  });

  it('backs off retries exponentially, capped, never sooner than a Retry-After', () => {
    expect([0, 1, 2, 30].map((a) => retryDelayMs(a, 100, 5000))).toEqual([100, 200, 400, 5000]);
    expect(retryDelayMs(0, 100, 5000, 3000)).toBe(3000);
  });

  it('counts the reported cost when the provider gave one, else the estimate', () => {
    expect(costOf({ estimatedCostUsd: 0.5, reportedCostUsd: null })).toBe(0.5);
    expect(costOf({ estimatedCostUsd: 0.5, reportedCostUsd: 0.2 })).toBe(0.2);
  });
});
