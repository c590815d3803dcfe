import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { AnalysisRunRepository } from '../../src/modules/projects/application/analysis-run.repository';
import { ProjectRepository } from '../../src/modules/projects/application/project.repository';
import { RepositoryRepository } from '../../src/modules/projects/application/repository.repository';
import { Session, TestApp } from '../support/test-app';

/**
 * The adapters answer what the database really did. A raw `manager.query` answers UPDATE and
 * DELETE with `[rows, rowCount]`, whose length is always 2: an adapter that counted that array
 * would report a row it never touched.
 */
describe('Projects persistence adapters', () => {
  let t: TestApp;
  let owner: Session;
  let tx: TenantTransaction;
  let projects: ProjectRepository;
  let repositories: RepositoryRepository;
  let runs: AnalysisRunRepository;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    tx = t.app.get(TenantTransaction);
    projects = t.app.get(ProjectRepository, { strict: false });
    repositories = t.app.get(RepositoryRepository, { strict: false });
    runs = t.app.get(AnalysisRunRepository, { strict: false });
    // Booting the embedded database is slow on a busy machine.
  }, 180_000);
  afterAll(() => t.close());

  const inTenant = <T>(fn: () => Promise<T>) => tx.run({ organizationId: owner.organization.id, userId: owner.user.id }, fn);

  it('deletes and updates projects only when the row is there', async () => {
    const { body: project } = await t.post('/v1/projects', { name: 'Deleted once' }, { token: owner.accessToken });
    expect(await inTenant(() => projects.delete(randomUUID()))).toBe(false);
    expect(await inTenant(() => projects.update(project.id, 99, { description: 'stale' }))).toBeUndefined();
    expect(await inTenant(() => projects.update(randomUUID(), 1, { description: 'gone' }))).toBeUndefined();
    expect(await inTenant(() => projects.update(project.id, 1, { description: 'fresh' }))).toMatchObject({ description: 'fresh', version: 2 });
    expect(await inTenant(() => projects.delete(project.id))).toBe(true);
    expect(await inTenant(() => projects.delete(project.id))).toBe(false);
  });

  it('deletes repositories, links and branches only when they are there', async () => {
    const token = { token: owner.accessToken };
    const { body: project } = await t.post('/v1/projects', { name: 'Linked' }, token);
    const { body: repository } = await t.post(
      '/v1/repositories',
      { provider: 'github', owner: 'acme', name: 'persisted', cloneUrl: 'https://github.com/acme/persisted.git' },
      token,
    );
    expect(await inTenant(() => repositories.update(repository.id, 99, { description: 'stale' }, repository))).toBeUndefined();
    expect(await inTenant(() => repositories.unlink(project.id, repository.id))).toBe(false);
    expect(await inTenant(() => repositories.link(project.id, repository.id))).toBe(true);
    expect(await inTenant(() => repositories.link(project.id, repository.id))).toBe(false);
    expect(await inTenant(() => repositories.unlink(project.id, repository.id))).toBe(true);

    expect(await inTenant(() => repositories.deleteBranch(repository.id, 'main'))).toBe(false);
    await inTenant(() => repositories.upsertBranch(repository.id, { name: 'main', headSha: 'a'.repeat(40) }));
    expect(await inTenant(() => repositories.deleteBranch(repository.id, 'main'))).toBe(true);

    expect(await inTenant(() => repositories.delete(randomUUID()))).toBe(false);
    expect(await inTenant(() => repositories.delete(repository.id))).toBe(true);
    expect(await inTenant(() => repositories.delete(repository.id))).toBe(false);
  });

  it('moves an analysis run only from the states it may leave', async () => {
    const { body: repository } = await t.post(
      '/v1/repositories',
      { provider: 'github', owner: 'acme', name: 'analysed', cloneUrl: 'https://github.com/acme/analysed.git' },
      { token: owner.accessToken },
    );
    const missing = randomUUID();
    expect(await inTenant(() => runs.start(missing, 1, 'test'))).toBeUndefined();
    expect(await inTenant(() => runs.requeue(missing, 'x'))).toBeUndefined();
    expect(await inTenant(() => runs.fail(missing, 'x'))).toBeUndefined();

    const run = await inTenant(() => runs.insert({ repositoryId: repository.id, branch: 'main', requestedSha: null, type: 'full', requestedBy: owner.user.id }));
    // Not running yet: nothing to complete.
    expect(await inTenant(() => runs.complete(run.id, { commitSha: 'b'.repeat(40), metrics: {} as never, results: {} as never }))).toBeUndefined();
    expect(await inTenant(() => runs.fail(run.id, 'stopped'))).toMatchObject({ status: 'failed', error: 'stopped' });
    expect(await inTenant(() => runs.start(run.id, 1, 'test'))).toBeUndefined();
  });
});
