import { failureSignature, flakySubjects, recurringFailures, slowPhases } from './patterns';

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

describe('recurring failure messages', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute));

  it('takes ids, hashes, numbers and quoted values out of a message, and keeps its words', () => {
    expect(failureSignature('Step "e2e" timed out after 1800 s on runner 3f2a9c1e-0b5d-4e6f-8a7b-9c0d1e2f3a4b at 9fceb02d')).toBe(
      'Step <value> timed out after <n> s on runner <id> at <hex>',
    );
    expect(failureSignature('  ENOMEM:\n cannot   allocate  ')).toBe('ENOMEM: cannot allocate');
    expect(failureSignature('deadbeef is a word, not a hash')).toBe('deadbeef is a word, not a hash');
  });

  it('groups failures of one source by signature and keeps those that come back three times or more', () => {
    const mined = recurringFailures([
      { source: 'agent_run', message: 'Provider answered 502 after 3 attempts', at: at(1) },
      { source: 'agent_run', message: 'Provider answered 503 after 5 attempts', at: at(3) },
      { source: 'agent_run', message: 'Provider answered 504 after 2 attempts', at: at(2) },
      { source: 'pipeline_execution', message: 'Provider answered 502 after 3 attempts', at: at(4) },
      { source: 'agent_run', message: 'Prompt too long', at: at(5) },
      { source: 'agent_run', message: 'Prompt too long', at: at(6) },
    ]);
    expect(mined).toEqual([
      {
        type: 'failure_message',
        key: 'agent_run:Provider answered <n> after <n> attempts',
        description: '3 agent runs failed with "Provider answered <n> after <n> attempts"',
        confidence: 0.3,
        occurrences: 3,
        evidence: {
          source: 'agent_run',
          signature: 'Provider answered <n> after <n> attempts',
          example: 'Provider answered 503 after 5 attempts',
          firstAt: at(1).toISOString(),
          lastAt: at(3).toISOString(),
        },
        recommendation: expect.objectContaining({ title: expect.stringContaining('Provider answered <n> after <n> attempts') }),
      },
    ]);
  });
});
