import { InvalidDefinitionError, InvalidInputsError } from './pipelines.errors';
import { branchMatches, concurrencyGroupOf, MAX_STEPS, resolveInputs, validatePipelineSpec } from './pipeline-spec';

const isCron = (e: string) => /^(\S+\s+){4}\S+$/.test(e);
const problemsOf = (spec: unknown) => {
  try {
    validatePipelineSpec(spec, isCron);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    return (error as InvalidDefinitionError).problems;
  }
  throw new Error('expected the definition to be refused');
};

describe('pipeline definition validation', () => {
  it('normalises a valid definition', () => {
    const spec = validatePipelineSpec(
      {
        steps: [
          { key: 'build', command: 'make' },
          { key: 'test', command: 'make test', needs: ['build'], retry: { maxAttempts: 3, exitCodes: [137] } },
        ],
        triggers: { push: { branches: ['main'] }, schedule: ['0 3 * * *'], manual: { inputs: { env: { type: 'choice', options: ['a', 'b'], default: 'a' } } } },
        concurrency: { group: 'deploy-${branch}', policy: 'queue', limit: 1, maxQueued: 2 },
      },
      isCron,
    );
    expect(spec.steps[1]).toMatchObject({ key: 'test', name: 'test', needs: ['build'], retry: { maxAttempts: 3, exitCodes: [137] }, timeoutSeconds: 3600 });
    expect(spec.triggers.schedule).toEqual(['0 3 * * *']);
    expect(concurrencyGroupOf(spec, 'p1', 'main')).toBe('deploy-main');
  });

  it('refuses a cycle with its path', () => {
    const problems = problemsOf({
      steps: [
        { key: 'a', command: 'x', needs: ['c'] },
        { key: 'b', command: 'x', needs: ['a'] },
        { key: 'c', command: 'x', needs: ['b'] },
      ],
    });
    expect(problems).toEqual([{ field: 'spec.steps[0].needs', message: 'form a cycle: a → c → b → a' }]);
  });

  it('refuses unknown needs, self needs, duplicate keys, unknown fields, secrets in env', () => {
    const problems = problemsOf({
      steps: [
        { key: 'a', command: 'x', needs: ['nope'], colour: 'red' },
        { key: 'a', command: 'x', needs: ['a'], env: { GITHUB_TOKEN: 'x' } },
        { key: 'c', uses: 'x', command: 'y' },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(['spec.steps[0].colour', 'spec.steps[0].needs[0]', 'spec.steps[1].key', 'spec.steps[1].env.GITHUB_TOKEN', 'spec.steps[2]']),
    );
  });

  it('refuses an invalid cron and too many steps', () => {
    expect(problemsOf({ steps: [{ key: 'a', command: 'x' }], triggers: { schedule: ['every day'] } })).toEqual([
      { field: 'spec.triggers.schedule[0]', message: expect.stringContaining('cron') },
    ]);
    const steps = Array.from({ length: MAX_STEPS + 1 }, (_, i) => ({ key: `s${i}`, command: 'x' }));
    expect(problemsOf({ steps })[0].field).toBe('spec.steps');
  });

  it('survives hostile shapes', () => {
    for (const spec of [null, 1, 'x', [], { steps: 'x' }, { steps: [null] }, { steps: [{ key: 1 }] }, { triggers: [] }, { concurrency: 7 }]) {
      expect(problemsOf(spec).length).toBeGreaterThan(0);
    }
  });

  it('type-checks manual inputs and fills defaults', () => {
    const spec = validatePipelineSpec(
      {
        steps: [{ key: 'a', command: 'x' }],
        triggers: { manual: { inputs: { count: { type: 'number', required: true }, dry: { type: 'boolean', default: false } } } },
      },
      isCron,
    );
    expect(resolveInputs(spec, { count: 3 })).toEqual({ count: 3, dry: false });
    expect(() => resolveInputs(spec, { count: '3' })).toThrow(InvalidInputsError);
    expect(() => resolveInputs(spec, {})).toThrow(InvalidInputsError);
    expect(() => resolveInputs(spec, { count: 1, other: 1 })).toThrow(InvalidInputsError);
  });

  it('matches branch globs', () => {
    expect(branchMatches(['main'], 'main')).toBe(true);
    expect(branchMatches(['release/*'], 'release/1.2')).toBe(true);
    expect(branchMatches(['release/*'], 'release/1/2')).toBe(false);
    expect(branchMatches(['**'], 'feature/a/b')).toBe(true);
    expect(branchMatches(['main'], 'mainline')).toBe(false);
  });
});
