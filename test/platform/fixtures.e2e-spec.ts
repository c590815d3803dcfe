import { fixtures } from '../support/fixtures';
import { TestApp } from '../support/test-app';

/** The fixture builders every module's tests start from: one line per object, through the API. */
describe('test fixtures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('builds an organization with a member, a key, a project, a repository, a workflow and a task', async () => {
    const f = fixtures(t);
    const owner = await f.organization();
    const member = await f.member(owner, 'member');
    const key = await f.apiKey(owner, { role: 'viewer' });
    const project = await f.project(owner);
    const repository = await f.repository(owner);
    const workflow = await f.workflow(owner, project.id);
    const task = await f.task(member, project.id, { priority: 'high' });

    expect(member.organization.id).toBe(owner.organization.id);
    expect(key.role).toBe('viewer');
    expect(repository.id).toEqual(expect.any(String));
    expect(workflow.phases).toHaveLength(2);
    expect((await t.get(`/v1/tasks/${task.id}`, { apiKey: key.key })).body).toMatchObject({ id: task.id, projectId: project.id, priority: 'high' });
  });

  it('fails loudly, with the answer, when the API refuses', async () => {
    const f = fixtures(t);
    const owner = await f.organization();
    await expect(f.task(owner, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/POST \/v1\/tasks answered 404/);
  });
});
