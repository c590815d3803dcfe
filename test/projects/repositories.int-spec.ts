import { Session, TestApp } from '../support/test-app';

describe('Repositories and branches API', () => {
  let t: TestApp;
  let owner: Session;
  let other: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    other = await t.signup();
    // Booting the embedded database is slow on a busy machine.
  }, 180_000);
  afterAll(() => t.close());

  const as = (session: Session) => ({ token: session.accessToken });
  let counter = 0;
  const repo = (overrides: object = {}, session = owner) => {
    counter += 1;
    return t.post(
      '/v1/repositories',
      { provider: 'github', owner: 'acme', name: `service-${counter}`, cloneUrl: `https://github.com/acme/service-${counter}.git`, ...overrides },
      as(session),
    );
  };
  const project = async (session = owner, name = `Project ${++counter}`) => (await t.post('/v1/projects', { name }, as(session))).body;

  it('registers a repository with defaults, links projects and audits it', async () => {
    const p = await project();
    const response = await repo({
      name: 'payments',
      cloneUrl: 'git@github.com:acme/payments.git',
      externalId: '42',
      projectIds: [p.id],
      analysisConfig: { languages: ['typescript'], include: ['src/**'], exclude: ['**/*.spec.ts'], schedule: '0 3 * * *' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      provider: 'github',
      owner: 'acme',
      name: 'payments',
      defaultBranch: 'main',
      visibility: 'private',
      externalId: '42',
      projectIds: [p.id],
      analysisConfig: { languages: ['typescript'], include: ['src/**'] },
      version: 1,
    });
    const audit = await t.get(`/v1/audit-logs?entityType=repository&entityId=${response.body.id}`, as(owner));
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(['create']);
    expect((await t.get(`/v1/repositories?projectId=${p.id}`, as(owner))).body.items.map((r: { id: string }) => r.id)).toEqual([response.body.id]);
  });

  it('refuses duplicates per organization and provider, case-insensitively', async () => {
    expect((await repo({ owner: 'Dup', name: 'Same' })).status).toBe(201);
    const duplicate = await repo({ owner: 'dup', name: 'same' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('PROJECTS.REPOSITORY_EXISTS');
    expect((await repo({ owner: 'dup', name: 'same', provider: 'gitlab' })).status).toBe(201);
    expect((await repo({ owner: 'dup', name: 'same' }, other)).status).toBe(201);
    expect((await repo({ externalId: 'x-1' })).status).toBe(201);
    const sameExternal = await repo({ externalId: 'x-1' });
    expect([sameExternal.status, sameExternal.body.code]).toEqual([409, 'PROJECTS.EXTERNAL_ID_TAKEN']);
  });

  it('accepts only safe clone URLs', async () => {
    for (const cloneUrl of ['https://gitlab.com/acme/x.git', 'ssh://git@example.com:2222/acme/x.git', 'git@bitbucket.org:acme/x.git']) {
      expect((await repo({ cloneUrl })).status).toBe(201);
    }
    for (const cloneUrl of [
      'http://github.com/acme/x.git',
      'git://github.com/acme/x.git',
      'file:///srv/repos/x',
      'ext::sh -c touch% /tmp/pwned',
      '--upload-pack=touch /tmp/pwned',
      'https://user:token@github.com/acme/x.git',
      'ftp://example.com/x',
      'not a url',
    ]) {
      const response = await repo({ cloneUrl });
      expect([cloneUrl, response.status, response.body.code]).toEqual([cloneUrl, 400, 'PROJECTS.UNSUPPORTED_CLONE_URL']);
    }
    expect((await repo({ provider: 'sourceforge' })).status).toBe(400);
    expect((await repo({ visibility: 'secret' })).status).toBe(400);
    expect((await repo({ analysisConfig: { languages: ['cobol'] } })).status).toBe(400);
    expect((await repo({ analysisConfig: { schedule: 'every day' } })).status).toBe(400);
    expect((await repo({ defaultBranch: 'bad..branch' })).status).toBe(400);
  });

  it("refuses another tenant's project in a link, without saying it exists", async () => {
    const theirs = await project(other);
    const response = await repo({ projectIds: [theirs.id] });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('PROJECTS.PROJECT_NOT_FOUND');
    const { body: mine } = await repo();
    expect((await t.request('PUT', `/v1/projects/${theirs.id}/repositories/${mine.id}`, as(owner))).status).toBe(404);
    const patched = await t.patch(`/v1/repositories/${mine.id}`, { version: 1, projectIds: [theirs.id] }, as(owner));
    expect(patched.status).toBe(404);
    // Not even a direct write can cross tenants: the composite foreign key refuses it.
    await expect(
      t.sql(`insert into project_repositories (organization_id, project_id, repository_id) values ($1, $2, $3)`, [owner.organization.id, theirs.id, mine.id]),
    ).rejects.toThrow(/project_repositories_project_fkey/);
  });

  it('updates with a version, replaces links, and links or unlinks from the project side', async () => {
    const [a, b] = [await project(), await project()];
    const { body: created } = await repo({ projectIds: [a.id] });
    const updated = await t.patch(
      `/v1/repositories/${created.id}`,
      { version: 1, defaultBranch: 'develop', projectIds: [b.id], visibility: 'internal' },
      as(owner),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ defaultBranch: 'develop', projectIds: [b.id], visibility: 'internal', version: 2 });
    expect((await t.patch(`/v1/repositories/${created.id}`, { version: 1, description: 'late' }, as(owner))).status).toBe(409);

    const linked = await t.request('PUT', `/v1/projects/${a.id}/repositories/${created.id}`, as(owner));
    expect(linked.status).toBe(200);
    expect([...linked.body.projectIds].sort()).toEqual([a.id, b.id].sort());
    expect((await t.request('PUT', `/v1/projects/${a.id}/repositories/${created.id}`, as(owner))).status).toBe(200);
    expect((await t.delete(`/v1/projects/${b.id}/repositories/${created.id}`, as(owner))).status).toBe(204);
    expect((await t.delete(`/v1/projects/${b.id}/repositories/${created.id}`, as(owner))).status).toBe(404);
    expect((await t.get(`/v1/repositories/${created.id}`, as(owner))).body.projectIds).toEqual([a.id]);
    // Deleting the project drops its links, not the repository.
    expect((await t.delete(`/v1/projects/${a.id}`, as(owner))).status).toBe(204);
    expect((await t.get(`/v1/repositories/${created.id}`, as(owner))).body.projectIds).toEqual([]);
  });

  it('lists with filters and cursor pagination', async () => {
    const session = await t.signup();
    const p = await project(session);
    for (const [i, provider] of ['github', 'gitlab', 'github', 'bitbucket'].entries()) {
      await repo({ provider, owner: 'team', name: `svc-${i}`, projectIds: i < 2 ? [p.id] : [] }, session);
    }
    const first = await t.get('/v1/repositories?sort=name&limit=3', as(session));
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(['svc-0', 'svc-1', 'svc-2']);
    const second = await t.get(`/v1/repositories?sort=name&limit=3&cursor=${first.body.nextCursor}`, as(session));
    expect(second.body).toMatchObject({ items: [{ name: 'svc-3' }], nextCursor: null });
    expect((await t.get('/v1/repositories?provider=github&sort=name', as(session))).body.items.map((r: { name: string }) => r.name)).toEqual([
      'svc-0',
      'svc-2',
    ]);
    expect((await t.get(`/v1/repositories?projectId=${p.id}&sort=name`, as(session))).body.items).toHaveLength(2);
    expect((await t.get('/v1/repositories?q=team/svc-3', as(session))).body.items.map((r: { name: string }) => r.name)).toEqual(['svc-3']);
    expect((await t.get('/v1/repositories?provider=svn', as(session))).status).toBe(400);
  });

  it('upserts branches by name, ignores older pushes, lists and deletes them', async () => {
    const { body: r } = await repo();
    const url = `/v1/repositories/${r.id}/branches`;
    const sha1 = 'a'.repeat(40);
    const sha2 = 'b'.repeat(40);
    const created = await t.post(url, { name: 'feature/login', headSha: sha1, lastPushAt: '2025-01-06T10:00:00Z' }, as(owner));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'feature/login', headSha: sha1, protected: false, created: true, applied: true });
    const moved = await t.post(url, { name: 'feature/login', headSha: sha2, lastPushAt: '2025-01-06T11:00:00Z' }, as(owner));
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ headSha: sha2, created: false, applied: true, version: 2 });
    const older = await t.post(url, { name: 'feature/login', headSha: sha1, lastPushAt: '2025-01-06T09:00:00Z' }, as(owner));
    expect(older.body).toMatchObject({ headSha: sha2, applied: false });
    const protect = await t.post(url, { name: 'main', protected: true }, as(owner));
    expect(protect.body).toMatchObject({ name: 'main', protected: true, headSha: null });

    expect((await t.get(url, as(owner))).body.items.map((b: { name: string }) => b.name)).toEqual(['feature/login', 'main']);
    expect((await t.get(`${url}?protected=true`, as(owner))).body.items.map((b: { name: string }) => b.name)).toEqual(['main']);
    expect((await t.get(`${url}?prefix=feature/`, as(owner))).body.items).toHaveLength(1);
    const page = await t.get(`${url}?limit=1`, as(owner));
    expect((await t.get(`${url}?limit=1&cursor=${page.body.nextCursor}`, as(owner))).body.items[0].name).toBe('main');
    expect((await t.get(`${url}/feature%2Flogin`, as(owner))).body.headSha).toBe(sha2);
    expect((await t.delete(`${url}/feature%2Flogin`, as(owner))).status).toBe(204);
    expect((await t.get(`${url}/feature%2Flogin`, as(owner))).status).toBe(404);

    for (const bad of [
      { name: 'has space' },
      { name: '-x' },
      { name: 'a..b' },
      { name: 'x', headSha: 'abc' },
      { name: 'x', lastPushAt: 'yesterday' },
      { name: 'x', extra: 1 },
    ]) {
      expect((await t.post(url, bad, as(owner))).status).toBe(400);
    }
    const audit = await t.get(`/v1/audit-logs?entityType=branch`, as(owner));
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'create', 'delete', 'update']);
  });

  it('lets another organization neither see nor change repositories or branches', async () => {
    const { body: r } = await repo();
    await t.post(`/v1/repositories/${r.id}/branches`, { name: 'main', headSha: 'c'.repeat(40) }, as(owner));
    const url = `/v1/repositories/${r.id}`;
    expect((await t.get(url, as(other))).status).toBe(404);
    expect((await t.patch(url, { version: 1, name: 'stolen' }, as(other))).status).toBe(404);
    expect((await t.delete(url, as(other))).status).toBe(404);
    expect((await t.get(`${url}/branches`, as(other))).status).toBe(404);
    expect((await t.post(`${url}/branches`, { name: 'main', headSha: 'd'.repeat(40) }, as(other))).status).toBe(404);
    expect((await t.delete(`${url}/branches/main`, as(other))).status).toBe(404);
    expect((await t.get('/v1/repositories?limit=100', as(other))).body.items.map((x: { id: string }) => x.id)).not.toContain(r.id);
    expect((await t.get(`${url}/branches/main`, as(owner))).body.headSha).toBe('c'.repeat(40));
    expect((await t.get(url, as(owner))).body.version).toBe(1);
  });

  it('lets only admins delete a repository, with its branches', async () => {
    const member = await t.addMember(owner, 'member');
    const { body: r } = await repo();
    await t.post(`/v1/repositories/${r.id}/branches`, { name: 'main' }, as(owner));
    expect((await t.delete(`/v1/repositories/${r.id}`, as(member))).status).toBe(403);
    expect((await t.delete(`/v1/repositories/${r.id}`, as(owner))).status).toBe(204);
    expect((await t.get(`/v1/repositories/${r.id}`, as(owner))).status).toBe(404);
    expect(await t.sql(`select 1 from branches where repository_id = $1`, [r.id])).toEqual([]);
  });
});
