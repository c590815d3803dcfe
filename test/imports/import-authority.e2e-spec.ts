import { ImportJob } from '../../src/modules/imports/infrastructure/jobs/import.job';
import { Session, TestApp } from '../support/test-app';
import { legacyFile } from './support';

/**
 * A queued import acts with the role its author holds when it runs, read from the live rows, not
 * with the admin role they had when they queued it. Queue workers are off here, so the test runs
 * the job itself after changing the author's role.
 */
describe('imports: the job checks its author’s authority when it runs', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start({ JOB_WORKERS_ENABLED: 'false' });
    owner = await t.signup();
  });
  afterAll(() => t.close());

  async function queue(admin: Session, project: string) {
    const started = await t.post(`/v1/imports?project=${project}`, legacyFile(), { token: admin.accessToken });
    expect(started.status).toBe(202);
    return started.body as { id: string; jobId: string };
  }
  const run = (started: { id: string; jobId: string }) =>
    t.app.get(ImportJob).execute({
      id: started.jobId,
      queue: 'tasks-file-import',
      organizationId: owner.organization.id,
      payload: { importId: started.id },
      attempt: 1,
      maxAttempts: 3,
    });
  const projectTasks = async (slug: string) =>
    (
      await t.sql(`select count(*)::int as n from tasks t join projects p on p.id = t.project_id where p.organization_id = $1 and p.slug = $2`, [
        owner.organization.id,
        slug,
      ])
    )[0].n;

  it('fails, importing nothing, when its author was demoted below admin after queuing it', async () => {
    const admin = await t.addMember(owner, 'admin');
    const started = await queue(admin, 'demoted-before-run');
    const demoted = await t.request('PATCH', `/v1/members/${admin.user.id}`, { token: owner.accessToken, body: { role: 'member' } });
    expect(demoted.status).toBe(200);

    await run(started);

    const done = await t.get(`/v1/imports/${started.id}`, { token: owner.accessToken });
    expect(done.body).toMatchObject({ status: 'failed', error: { code: 'AUTH.ROLE_REQUIRED', details: { requiredRole: 'admin', role: 'member' } } });
    expect(await projectTasks('demoted-before-run')).toBe(0);
  });

  it('fails when its author is no longer a member at all', async () => {
    const admin = await t.addMember(owner, 'admin');
    const started = await queue(admin, 'removed-before-run');
    expect((await t.delete(`/v1/members/${admin.user.id}`, { token: owner.accessToken })).status).toBe(204);

    await run(started);

    const done = await t.get(`/v1/imports/${started.id}`, { token: owner.accessToken });
    expect(done.body).toMatchObject({ status: 'failed', error: { code: 'AUTH.ROLE_REQUIRED' } });
    expect(await projectTasks('removed-before-run')).toBe(0);
  });

  it('runs when its author still holds admin or more', async () => {
    const admin = await t.addMember(owner, 'admin');
    const started = await queue(admin, 'still-admin');
    await run(started);
    const done = await t.get(`/v1/imports/${started.id}`, { token: owner.accessToken });
    expect(done.body).toMatchObject({ status: 'succeeded', error: null });
    expect(await projectTasks('still-admin')).toBeGreaterThan(0);
  });
});
