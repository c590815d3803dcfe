import { DomainError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { AnalysisRunRepository } from '../../src/modules/projects/application/analysis-run.repository';
import { ProjectRepository } from '../../src/modules/projects/application/project.repository';
import { RepositoryRepository } from '../../src/modules/projects/application/repository.repository';
import { PROJECTS } from '../../src/modules/projects/domain/projects.errors';
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
    expect(await inTenant(() => repositories.update(repository.id, 99, { description: 'stale' }, repository))).toBe(false);
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

  it('keeps calendar dates as YYYY-MM-DD on every path (insert, read, update, list)', async () => {
    const base = { description: '', status: 'planning' as const, leadId: null, tags: [], settings: {}, createdBy: owner.user.id };
    // The first and last day of a year and a leap day: a time-zone shift would move them.
    const created = await inTenant(() =>
      projects.insert({ ...base, name: 'Dated', slug: `dated-${Date.now()}`, startDate: '2024-01-01', targetDate: '2024-12-31' }),
    );
    expect([created.startDate, created.targetDate]).toEqual(['2024-01-01', '2024-12-31']);
    expect(await inTenant(() => projects.find(created.id))).toMatchObject({ startDate: '2024-01-01', targetDate: '2024-12-31' });
    const updated = await inTenant(() => projects.update(created.id, created.version, { targetDate: '2024-02-29' }));
    expect(updated).toMatchObject({ startDate: '2024-01-01', targetDate: '2024-02-29', version: created.version + 1 });
    const page = await inTenant(() => projects.list({ limit: 100, sort: 'name', text: 'Dated' }));
    expect(page.items.find((project) => project.id === created.id)).toMatchObject({ startDate: '2024-01-01', targetDate: '2024-02-29' });
    expect(await inTenant(() => projects.update(created.id, updated!.version, { startDate: null }))).toMatchObject({
      startDate: null,
      targetDate: '2024-02-29',
    });
  });

  it('translates constraint violations into PROJECTS errors and rethrows anything else unchanged', async () => {
    const base = { description: '', status: 'planning' as const, tags: [], settings: {}, startDate: null, targetDate: null, createdBy: null };
    const slug = `taken-${Date.now()}`;
    await inTenant(() => projects.insert({ ...base, name: 'First', slug, leadId: null }));
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => (error instanceof DomainError ? error.code : error),
      );
    expect(await codeOf(inTenant(() => projects.insert({ ...base, name: 'Second', slug, leadId: null })))).toBe(PROJECTS.SLUG_TAKEN.code);
    expect(await codeOf(inTenant(() => projects.insert({ ...base, name: 'Led', slug: `${slug}-led`, leadId: randomUUID() })))).toBe(
      PROJECTS.LEAD_NOT_MEMBER.code,
    );
    const { body: repository } = await t.post(
      '/v1/repositories',
      { provider: 'github', owner: 'acme', name: `constrained-${Date.now()}`, cloneUrl: 'https://github.com/acme/constrained.git' },
      { token: owner.accessToken },
    );
    expect(await codeOf(inTenant(() => repositories.setProjects(repository.id, [randomUUID()])))).toBe(PROJECTS.PROJECT_NOT_FOUND.code);
    // Owner names are case-insensitive (an expression index).
    const shouting = {
      ...{ provider: 'github' as const, owner: 'ACME', name: repository.name.toUpperCase(), description: '', cloneUrl: repository.cloneUrl },
      ...{ defaultBranch: 'main', visibility: 'private' as const, externalId: null, analysisConfig: {}, createdBy: null },
    };
    expect(await codeOf(inTenant(() => repositories.insert(shouting)))).toBe(PROJECTS.REPOSITORY_EXISTS.code);
    // A check constraint is no domain rule the adapter knows: it reaches the caller as it is.
    const tooLong = await codeOf(inTenant(() => repositories.insert({ ...shouting, name: 'x'.repeat(201) })));
    expect(tooLong).not.toBeInstanceOf(DomainError);
    expect((tooLong as { driverError?: { code?: string } }).driverError?.code).toBe('23514');
  });

  it('records bookkeeping (job id, last analysis, schedule) without bumping the version of edits', async () => {
    const { body: repository } = await t.post(
      '/v1/repositories',
      { provider: 'github', owner: 'acme', name: `kept-${Date.now()}`, cloneUrl: 'https://github.com/acme/kept.git' },
      { token: owner.accessToken },
    );
    const earlier = new Date('2025-01-01T00:00:00Z');
    const later = new Date('2025-02-01T00:00:00Z');
    await inTenant(() => repositories.markAnalyzed(repository.id, later));
    await inTenant(() => repositories.markAnalyzed(repository.id, earlier));
    await inTenant(() => repositories.markScheduled(repository.id, earlier));
    // An analysis that finished earlier does not move lastAnalyzedAt back.
    expect(await inTenant(() => repositories.find(repository.id))).toMatchObject({ version: 1, lastAnalyzedAt: later });
    expect(await inTenant(() => repositories.update(repository.id, 1, { description: 'edited' }, repository))).toBe(true);
    expect(await inTenant(() => repositories.find(repository.id))).toMatchObject({ version: 2, description: 'edited', projectIds: [] });

    const run = await inTenant(() => runs.insert({ repositoryId: repository.id, branch: 'main', requestedSha: null, type: 'metrics', requestedBy: null }));
    expect(run).toMatchObject({ status: 'queued', attempts: 0, version: 1, commitSha: null, metrics: null, startedAt: null });
    await inTenant(() => runs.attachJob(run.id, randomUUID()));
    expect(await inTenant(() => runs.findById(run.id))).toMatchObject({ version: 1, status: 'queued' });
    expect(await inTenant(() => runs.hasUnfinished(repository.id, 'main'))).toBe(true);
    expect(await inTenant(() => runs.start(run.id, 1, 'test'))).toMatchObject({ status: 'running', attempts: 1, analyzer: 'test', version: 2 });
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

    const run = await inTenant(() =>
      runs.insert({ repositoryId: repository.id, branch: 'main', requestedSha: null, type: 'full', requestedBy: owner.user.id }),
    );
    // Not running yet: nothing to complete.
    expect(await inTenant(() => runs.complete(run.id, { commitSha: 'b'.repeat(40), metrics: {} as never, results: {} as never }))).toBeUndefined();
    expect(await inTenant(() => runs.fail(run.id, 'stopped'))).toMatchObject({ status: 'failed', error: 'stopped' });
    expect(await inTenant(() => runs.start(run.id, 1, 'test'))).toBeUndefined();
  });
});
