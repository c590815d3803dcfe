import { EXTERNAL_ID_MAX, planTasksFile } from './tasks-file';

const plan = (document: unknown, project?: string) => planTasksFile(document, { project, maxTasks: 1000 });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('planTasksFile', () => {
  it('resolves subtask dependencies: a number is a sibling first, "3.1" another task’s subtask', () => {
    const file = plan(
      {
        tasks: [
          { id: 1, title: 'One', subtasks: [{ id: 1, title: 'a' }] },
          {
            id: 3,
            title: 'Three',
            dependencies: [1],
            subtasks: [
              { id: 1, title: 'x', dependencies: ['1.1'] },
              { id: 2, title: 'y', dependencies: [1, 1] },
            ],
          },
        ],
      },
      'p',
    );
    expect(file.groups[0].blocks).toEqual([
      ['1', '3'],
      ['1.1', '3.1'],
      ['3.1', '3.2'],
    ]);
    expect(file.groups[0].tasks.find((t) => t.externalId === '3.2')).toMatchObject({
      parentExternalId: '3',
      type: 'subtask',
      status: 'todo',
      priority: 'medium',
    });
  });

  it('skips bad entries with their reasons, and the subtasks of a skipped task', () => {
    const file = plan(
      {
        tasks: [
          { id: 1, title: 'ok', status: 'DONE', priority: 'Critical' },
          { id: 1, title: 'again' },
          { title: 'no id' },
          { id: 2, title: 'bad', status: 'later', subtasks: [{ id: 1, title: 'child' }] },
          { id: 3, title: 'x', priority: 'p0' },
          { id: 4, title: 'y', dependencies: [2, 42] },
          'text',
        ],
      },
      'p',
    );
    expect(file.groups[0].tasks.map((t) => [t.externalId, t.status, t.priority])).toEqual([
      ['1', 'done', 'urgent'],
      ['4', 'todo', 'medium'],
    ]);
    expect(file.groups[0].skipped.map((s) => [s.id, s.code])).toEqual([
      ['1', 'IMPORTS.DUPLICATE_ID'],
      ['tasks[2]', 'IMPORTS.INVALID_TASK'],
      ['2', 'IMPORTS.INVALID_STATUS'],
      ['2.1', 'IMPORTS.PARENT_SKIPPED'],
      ['3', 'IMPORTS.INVALID_PRIORITY'],
      ['tasks[6]', 'IMPORTS.INVALID_TASK'],
      ['4', 'IMPORTS.DEPENDENCY_SKIPPED'],
      ['4', 'IMPORTS.UNKNOWN_DEPENDENCY'],
    ]);
  });

  it('skips a subtask nested so deep that its id would not fit task_external_ids (128 characters), with its subtasks', () => {
    // 9 levels of 15-digit ids: the 9th subtask's id is 9 * 15 + 8 = 143 characters.
    let chain: Record<string, unknown> = { id: 1, title: 'leaf' };
    for (let level = 0; level < 9; level++) chain = { id: 123456789012345, title: `level ${level}`, subtasks: [chain] };
    const file = plan({ tasks: [chain, { id: 2, title: 'after', dependencies: [] }] }, 'p');
    expect(file.groups[0].tasks.every((t) => t.externalId.length <= EXTERNAL_ID_MAX)).toBe(true);
    expect(file.groups[0].tasks.map((t) => t.externalId.split('.').length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1]);
    expect(file.groups[0].skipped.map((s) => [s.id.length, s.code])).toEqual([
      [143, 'IMPORTS.INVALID_TASK'],
      [145, 'IMPORTS.PARENT_SKIPPED'],
    ]);
  });

  it('plans a 3,000-level subtask chain (the CLI reads files no body limit has checked) without overflowing', () => {
    let chain: Record<string, unknown> = { id: 1, title: 'leaf' };
    for (let level = 0; level < 3000; level++) chain = { id: 1, title: `level ${level}`, subtasks: [chain] };
    const file = planTasksFile({ tasks: [chain] }, { project: 'p', maxTasks: 10_000 });
    expect(file.groups[0].tasks).toHaveLength(64);
    expect(file.groups[0].skipped).toHaveLength(3001 - 64);
  });

  it('maps tags to project slugs and refuses wrong shapes', () => {
    const file = plan({ 'feature/Auth v2': { tasks: [{ id: 1, title: 't' }], metadata: { description: 'd' } } });
    expect(file.groups[0]).toMatchObject({ tag: 'feature/Auth v2', projectSlug: 'feature-auth-v2', projectDescription: 'd' });
    expect(codeOf(() => plan(null))).toBe('IMPORTS.INVALID_FILE');
    expect(codeOf(() => plan({}))).toBe('IMPORTS.INVALID_FILE');
    expect(codeOf(() => plan({ tasks: {} }, 'p'))).toBe('IMPORTS.INVALID_FILE');
    expect(codeOf(() => plan({ a: { tasks: [] }, A: { tasks: [] } }))).toBe('IMPORTS.INVALID_FILE');
    expect(codeOf(() => plan({ tasks: [] }))).toBe('IMPORTS.PROJECT_REQUIRED');
    expect(codeOf(() => plan({ tasks: [] }, 'Not A Slug'))).toBe('IMPORTS.INVALID_FILE');
    expect(
      codeOf(() =>
        planTasksFile(
          {
            tasks: [
              { id: 1, title: 'a' },
              { id: 2, title: 'b' },
            ],
          },
          { project: 'p', maxTasks: 1 },
        ),
      ),
    ).toBe('IMPORTS.TOO_MANY_TASKS');
  });
});
