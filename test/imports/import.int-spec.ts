import { Session, TestApp } from '../support/test-app';
import { legacyFile, runImport, taggedFile, writeTasksFile } from './support';
import { ImportCommand } from '../../src/modules/imports';

describe('imports: tasks.json through the importer (the CLI command)', () => {
  let t: TestApp;
  let owner: Session;
  const org = () => owner.organization.slug;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const tasksOf = (projectId: string) =>
    t.sql<{ external_id: string; id: string; parent_id: string | null; title: string; status: string; priority: string; type: string; description: string }>(
      `select m.external_id, t.id, t.parent_id, t.title, t.status, t.priority, t.type, t.description
       from task_external_ids m join tasks t on t.organization_id = m.organization_id and t.id = m.task_id
       where m.project_id = $1 order by m.external_id`,
      [projectId],
    );
  const blocksOf = (projectId: string) =>
    t.sql<{ blocker: string; blocked: string }>(
      `select ms.external_id as blocker, mt.external_id as blocked from task_relations r
       join task_external_ids ms on ms.task_id = r.source_id join task_external_ids mt on mt.task_id = r.target_id
       where ms.project_id = $1 and r.type = 'blocks' order by 1, 2`,
      [projectId],
    );

  it('imports the legacy form into the named project: statuses, priorities, subtasks as children, dependencies as blocks', async () => {
    const report = await runImport(t.app, { org: org(), project: 'legacy-demo', file: legacyFile() });
    expect(report).toMatchObject({ format: 'legacy', dryRun: false, totals: { created: 8, updated: 0, unchanged: 0, skipped: 1 } });
    expect(report.projects).toEqual([expect.objectContaining({ slug: 'legacy-demo', projectCreated: true, created: 8 })]);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: '4', kind: 'task', code: 'IMPORTS.INVALID_STATUS' }),
        expect.objectContaining({ id: '3', kind: 'dependency', dependsOn: '99', code: 'IMPORTS.UNKNOWN_DEPENDENCY' }),
      ]),
    );
    expect(report.skipped).toHaveLength(2);
    const projectId = report.projects[0].projectId!;
    const rows = await tasksOf(projectId);
    const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(Object.keys(byId).sort()).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2', '3', '5']);
    expect(byId['1']).toMatchObject({ status: 'done', priority: 'high', type: 'task', parent_id: null });
    expect(byId['1'].description).toBe('Repository, CI and tooling\n\n## Details\n\nUse npm workspaces\n\n## Test strategy\n\nCI runs green');
    expect(byId['2']).toMatchObject({ status: 'in_progress', priority: 'medium' });
    expect(byId['2.1']).toMatchObject({ status: 'in_review', type: 'subtask', parent_id: byId['2'].id, priority: 'medium' });
    expect(byId['3']).toMatchObject({ status: 'backlog', priority: 'low' });
    expect(byId['5']).toMatchObject({ status: 'blocked' });
    expect(await blocksOf(projectId)).toEqual([
      { blocker: '1', blocked: '2' },
      { blocker: '1.1', blocked: '1.2' },
      { blocker: '1.2', blocked: '2.1' },
      { blocker: '2', blocked: '3' },
      { blocker: '2', blocked: '5' },
      { blocker: '2.1', blocked: '2.2' },
      { blocker: '3', blocked: '5' },
    ]);
    // The service reads them like any task: the external id is in metadata, the hierarchy works.
    const task = await t.get(`/v1/tasks/${byId['2'].id}`, as());
    expect(task.body).toMatchObject({ metadata: { external: { source: 'tasks.json', id: '2' } } });
    const children = await t.get(`/v1/tasks/${byId['2'].id}/descendants`, as());
    expect(children.body.items.map((i: { id: string }) => i.id).sort()).toEqual([byId['2.1'].id, byId['2.2'].id].sort());
  });

  it('a second import of the same file updates instead of duplicating; a changed file updates what changed', async () => {
    const file = legacyFile();
    const first = await runImport(t.app, { org: org(), project: 'idempotent', file });
    const projectId = first.projects[0].projectId!;
    const again = await runImport(t.app, { org: org(), project: 'idempotent', file });
    expect(again.totals).toMatchObject({ created: 0, updated: 0, unchanged: 8, dependencies: { created: 0, existing: 7 } });
    expect(again.projects[0]).toMatchObject({ projectId, projectCreated: false });
    file.tasks[2].title = 'Write the docs (renamed)';
    file.tasks[1].subtasks![1].status = 'in-progress';
    const changed = await runImport(t.app, { org: org(), project: 'idempotent', file });
    expect(changed.totals).toMatchObject({ created: 0, updated: 2, unchanged: 6 });
    expect(changed.updated.map((u) => u.id).sort()).toEqual(['2.2', '3']);
    expect(await tasksOf(projectId)).toHaveLength(8);
    const [count] = await t.sql(`select count(*)::int as n from tasks where project_id = $1`, [projectId]);
    expect(count.n).toBe(8);
    const history = await t.sql(`select field from task_history where task_id = $1 order by id`, [changed.updated.find((u) => u.id === '3')!.taskId]);
    expect(history.map((h: { field: string }) => h.field)).toEqual(['imported', 'title']);
  });

  it('imports the tagged form, each tag a project; edges on a dependency cycle are skipped with the cycle', async () => {
    const report = await runImport(t.app, { org: org(), file: taggedFile() });
    expect(report.format).toBe('tagged');
    expect(report.projects.map((p) => [p.tag, p.slug, p.created])).toEqual([
      ['master', 'master', 3],
      ['feature/Cycle', 'feature-cycle', 4],
    ]);
    const cycle = report.skipped.filter((s) => s.code === 'IMPORTS.DEPENDENCY_CYCLE');
    expect(cycle.map((s) => `${s.dependsOn}>${s.id}`).sort()).toEqual(['1>2', '2>3', '3>1']);
    expect([...cycle[0].cycle!].sort()).toEqual(['1', '2', '3']);
    const cycleProject = report.projects[1].projectId!;
    expect(await blocksOf(cycleProject)).toEqual([{ blocker: '1', blocked: '4' }]);
    const project = await t.get(`/v1/projects/${cycleProject}`, as());
    expect(project.body).toMatchObject({ slug: 'feature-cycle', name: 'feature/Cycle' });
  });

  it('a dependency that would close a cycle with relations stored since is skipped', async () => {
    const file = {
      tasks: [
        { id: 1, title: 'One', dependencies: [] },
        { id: 2, title: 'Two', dependencies: [] },
      ],
    };
    const first = await runImport(t.app, { org: org(), project: 'stored-cycle', file });
    const [one, two] = first.created.sort((a, b) => a.id.localeCompare(b.id));
    expect((await t.post(`/v1/tasks/${one.taskId}/relations`, { type: 'blocked_by', taskId: two.taskId }, as())).status).toBe(201);
    file.tasks[1].dependencies = [1 as never];
    const again = await runImport(t.app, { org: org(), project: 'stored-cycle', file });
    expect(again.skipped).toEqual([expect.objectContaining({ id: '2', dependsOn: '1', code: 'IMPORTS.DEPENDENCY_CYCLE' })]);
  });

  it('a dry run reports the same and changes nothing', async () => {
    const before = await t.sql(
      `select (select count(*) from tasks where organization_id = $1)::int as tasks, (select count(*) from projects where organization_id = $1)::int as projects`,
      [owner.organization.id],
    );
    const report = await runImport(t.app, { org: org(), project: 'dry', dryRun: true, file: legacyFile() });
    expect(report).toMatchObject({ dryRun: true, totals: { created: 8, skipped: 1, dependencies: { created: 7, skipped: 1 } } });
    expect(report.projects[0]).toMatchObject({ projectId: null, projectCreated: true });
    const after = await t.sql(
      `select (select count(*) from tasks where organization_id = $1)::int as tasks, (select count(*) from projects where organization_id = $1)::int as projects`,
      [owner.organization.id],
    );
    expect(after).toEqual(before);
  });

  it('refuses bad files with a clear error and imports nothing', async () => {
    const command = t.app.get(ImportCommand);
    const refuse = (file: unknown, extra: { project?: string } = {}) =>
      command.run({ organization: org(), file: writeTasksFile(file), ...extra }).then(
        () => 'imported',
        (error) => error.code,
      );
    const [before] = await t.sql(`select count(*)::int as n from tasks where organization_id = $1`, [owner.organization.id]);
    expect(await refuse('{"tasks": [')).toBe('IMPORTS.INVALID_FILE');
    expect(await refuse([1, 2])).toBe('IMPORTS.INVALID_FILE');
    expect(await refuse({ tasks: 'no' }, { project: 'x' })).toBe('IMPORTS.INVALID_FILE');
    expect(await refuse({ master: { tasks: [] }, other: 'nope' })).toBe('IMPORTS.INVALID_FILE');
    expect(await refuse(legacyFile())).toBe('IMPORTS.PROJECT_REQUIRED');
    expect(await refuse(taggedFile(), { project: 'nope' })).toBe('IMPORTS.TAG_NOT_FOUND');
    await expect(command.run({ organization: 'no-such-org-slug', file: writeTasksFile(legacyFile()), project: 'x' })).rejects.toMatchObject({
      code: 'IMPORTS.ORGANIZATION_NOT_FOUND',
    });
    // A failure half-way (a title the database refuses after some chunks were written) rolls everything back.
    const [after] = await t.sql(`select count(*)::int as n from tasks where organization_id = $1`, [owner.organization.id]);
    expect(after.n).toBe(before.n);
  });
});
