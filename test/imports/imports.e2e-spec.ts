import { Session, TestApp } from '../support/test-app';
import { legacyFile, taggedFile } from './support';

describe('imports: POST /v1/imports (a job) and GET /v1/imports/{id}', () => {
  let t: TestApp;
  let owner: Session;
  let other: Session;
  const as = (s: Session) => ({ token: s.accessToken });

  beforeAll(async () => {
    t = await TestApp.start({ IMPORT_MAX_BYTES: '200000' });
    owner = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t.close());

  /** Polls the import until it ended, at most ~30 s (no fixed sleeps as synchronisation). */
  async function finished(id: string, session = owner) {
    for (let i = 0; i < 300; i++) {
      const response = await t.get(`/v1/imports/${id}`, as(session));
      if (response.body.status === 'succeeded' || response.body.status === 'failed') return response;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`import ${id} did not finish`);
  }

  it('runs an import as a job: 202, then status, progress and the report', async () => {
    const started = await t.post('/v1/imports?project=http-legacy', legacyFile(), as(owner));
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', dryRun: false, projectSlug: 'http-legacy', jobId: expect.any(String) });
    const done = await finished(started.body.id);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: { phase: 'done' }, error: null });
    expect(done.body.report).toMatchObject({ format: 'legacy', totals: { created: 8, skipped: 1 } });
    expect(done.body.report.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ id: '4', code: 'IMPORTS.INVALID_STATUS' })]));
    const [stored] = await t.sql(`select source from imports where id = $1`, [started.body.id]);
    expect(stored.source).toBeNull();
    const list = await t.get('/v1/imports', as(owner));
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(started.body.id);
    expect(list.body.items[0]).not.toHaveProperty('report');
    const audit = await t.get('/v1/audit-logs?limit=100', as(owner));
    expect(JSON.stringify(audit.body.items)).toContain(started.body.id);

    const again = await finished((await t.post('/v1/imports?project=http-legacy', legacyFile(), as(owner))).body.id);
    expect(again.body.report.totals).toMatchObject({ created: 0, unchanged: 8 });
  });

  it('a dry run over HTTP reports and writes nothing', async () => {
    const started = await t.post('/v1/imports?dryRun=true', taggedFile(), as(owner));
    expect(started.status).toBe(202);
    const done = await finished(started.body.id);
    expect(done.body.report).toMatchObject({ dryRun: true, format: 'tagged', totals: { created: 7 } });
    const projects = await t.sql(`select slug from projects where organization_id = $1 and slug in ('master', 'feature-cycle')`, [owner.organization.id]);
    expect(projects).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and records nothing', async () => {
    const [before] = await t.sql(`select count(*)::int as n from imports where organization_id = $1`, [owner.organization.id]);
    const notJson = await t.post('/v1/imports?project=x', '{"tasks": [', as(owner));
    expect(notJson.status).toBe(400);
    const shape = await t.post('/v1/imports', { master: 'nope' }, as(owner));
    expect(shape.status).toBe(422);
    expect(shape.body.code).toBe('IMPORTS.INVALID_FILE');
    const noProject = await t.post('/v1/imports', legacyFile(), as(owner));
    expect(noProject.body.code).toBe('IMPORTS.PROJECT_REQUIRED');
    const big = { tasks: Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, title: `A task with a long enough title ${i}`, description: 'x'.repeat(40) })) };
    const tooLarge = await t.post('/v1/imports?project=big', big, as(owner));
    expect(tooLarge.status).toBe(413);
    const [after] = await t.sql(`select count(*)::int as n from imports where organization_id = $1`, [owner.organization.id]);
    expect(after.n).toBe(before.n);
  });

  it('is for admins only, and another organization can neither see nor start imports into this one', async () => {
    const started = await t.post('/v1/imports?project=private', legacyFile(), as(owner));
    await finished(started.body.id);
    const member = await t.addMember(owner, 'member');
    expect((await t.post('/v1/imports?project=p', legacyFile(), as(member))).status).toBe(403);
    expect((await t.get(`/v1/imports/${started.body.id}`, as(member))).status).toBe(403);

    expect((await t.get(`/v1/imports/${started.body.id}`, as(other))).status).toBe(404);
    const theirs = await t.get('/v1/imports', as(other));
    expect(theirs.body.items).toEqual([]);
    // Their import lands in their organization, whatever the file says.
    const own = await finished((await t.post('/v1/imports?project=private', legacyFile(), as(other))).body.id, other);
    const projectId = own.body.report.projects[0].projectId;
    const [project] = await t.sql(`select organization_id from projects where id = $1`, [projectId]);
    expect(project.organization_id).toBe(other.organization.id);
    expect(own.body.report.projects[0].projectCreated).toBe(true);
  });
});
