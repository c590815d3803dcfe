import { flakySubjects, slowPhases } from './patterns';

describe('pattern mining', () => {
  const phase = (workflowId: string, phaseId: string, samples: number, hours: number) => ({
    workflowId,
    workflowName: `W ${workflowId}`,
    phaseId,
    phaseName: `P ${phaseId}`,
    samples,
    p50Seconds: hours * 3600,
  });

  it('flags a phase that takes at least twice as long as its sibling phases, with confidence growing with the evidence', () => {
    const patterns = slowPhases([
      phase('w1', 'design', 10, 2),
      phase('w1', 'build', 10, 3),
      phase('w1', 'review', 20, 12),
      phase('w2', 'x', 10, 5),
      phase('w2', 'y', 10, 6),
    ]);
    expect(patterns.map((p) => p.key)).toEqual(['review']);
    expect(patterns[0]).toMatchObject({ type: 'slow_phase', occurrences: 20, evidence: { ratio: 4.8 } });
    expect(patterns[0].confidence).toBeGreaterThan(0.9);
    const weaker = slowPhases([phase('w1', 'a', 4, 2), phase('w1', 'b', 4, 2), phase('w1', 'c', 4, 5)]);
    expect(weaker[0].confidence).toBeLessThan(patterns[0].confidence);
  });

  it('ignores phases with too little history and workflows with one phase', () => {
    expect(slowPhases([phase('w1', 'a', 2, 1), phase('w1', 'b', 2, 100)])).toEqual([]);
    expect(slowPhases([phase('w1', 'a', 50, 100)])).toEqual([]);
  });

  it('finds flaky steps (fail sometimes, pass on retry) and agents failing on a task type', () => {
    const flaky = flakySubjects('flaky_step', [
      { key: 'e2e', label: 'Step e2e', runs: 40, failures: 8, flips: 7 },
      { key: 'lint', label: 'Step lint', runs: 40, failures: 8, flips: 0 },
      { key: 'broken', label: 'Step broken', runs: 40, failures: 40, flips: 0 },
    ]);
    expect(flaky.map((p) => p.key)).toEqual(['e2e']);
    const agents = flakySubjects('agent_task_type_failure', [{ key: 'a1:bug', label: 'Agent a1 on bug', runs: 10, failures: 6, flips: 0 }]);
    expect(agents[0]).toMatchObject({ type: 'agent_task_type_failure', occurrences: 6 });
  });
});
