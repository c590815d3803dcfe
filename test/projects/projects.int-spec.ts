import { Session, TestApp } from '../support/test-app';

describe('Projects API', () => {
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
  const create = (body: object, session = owner) => t.post('/v1/projects', body, as(session));

  it('creates a project with a derived slug, normalized tags and validated settings, and audits it', async () => {
    const response = await create({
      name: 'Payments API v2',
      description: 'The rewrite',
      tags: ['Backend', 'q3', 'backend'],
      settings: { taskKeyPrefix: 'PAY', estimationUnit: 'points', workingDays: [1, 2, 3, 4, 5], notifications: { slackChannel: '#payments' } },
      startDate: '2025-01-06',
      targetDate: '2025-03-31',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Payments API v2',
      slug: 'payments-api-v2',
      status: 'planning',
      leadId: null,
      tags: ['backend', 'q3'],
      settings: { taskKeyPrefix: 'PAY', estimationUnit: 'points' },
      startDate: '2025-01-06',
      targetDate: '2025-03-31',
      version: 1,
      createdBy: owner.user.id,
    });
    const audit = await t.get(`/v1/audit-logs?entityType=project&entityId=${response.body.id}`, as(owner));
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toContain('create');
  });

  it('gets a project by id or by slug, and 404s for another organization', async () => {
    const { body: project } = await create({ name: 'Lookup', slug: 'lookup-me' });
    expect((await t.get(`/v1/projects/${project.id}`, as(owner))).body.id).toBe(project.id);
    expect((await t.get('/v1/projects/lookup-me', as(owner))).body.id).toBe(project.id);
    expect((await t.get(`/v1/projects/${project.id}`, as(other))).status).toBe(404);
    expect((await t.get('/v1/projects/lookup-me', as(other))).status).toBe(404);
    expect((await t.get('/v1/projects/Not_A_Slug!', as(owner))).status).toBe(400);
  });

  it('refuses a duplicate slug in one organization but not across organizations', async () => {
    expect((await create({ name: 'Dup', slug: 'dup-slug' })).status).toBe(201);
    const duplicate = await create({ name: 'Dup again', slug: 'dup-slug' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('PROJECTS.SLUG_TAKEN');
    expect((await create({ name: 'Dup', slug: 'dup-slug' }, other)).status).toBe(201);
  });

  it('accepts only members as lead', async () => {
    const member = await t.addMember(owner, 'member');
    const withLead = await create({ name: 'Led', leadId: member.user.id });
    expect(withLead.status).toBe(201);
    expect(withLead.body.leadId).toBe(member.user.id);
    const stranger = await create({ name: 'Not led', leadId: other.user.id });
    expect(stranger.status).toBe(422);
    expect(stranger.body.code).toBe('PROJECTS.LEAD_NOT_MEMBER');
    const patch = await t.patch(`/v1/projects/${withLead.body.id}`, { version: 1, leadId: other.user.id }, as(owner));
    expect(patch.status).toBe(422);
  });

  it('enforces the lifecycle and names the rule when a move is illegal', async () => {
    const { body: project } = await create({ name: 'Lifecycle' });
    const noLead = await t.post(`/v1/projects/${project.id}/transitions`, { to: 'active' }, as(owner));
    expect(noLead.status).toBe(422);
    expect(noLead.body).toMatchObject({ code: 'PROJECTS.LEAD_REQUIRED', rule: 'lifecycle.lead_required' });

    const led = await t.patch(`/v1/projects/${project.id}`, { version: 1, leadId: owner.user.id }, as(owner));
    expect(led.status).toBe(200);
    const illegal = await t.post(`/v1/projects/${project.id}/transitions`, { to: 'completed' }, as(owner));
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({
      code: 'PROJECTS.INVALID_TRANSITION',
      rule: 'lifecycle.not_allowed',
      from: 'planning',
      to: 'completed',
      allowed: ['active', 'archived'],
    });

    for (const to of ['active', 'on_hold', 'active', 'completed']) {
      const moved = await t.post(`/v1/projects/${project.id}/transitions`, { to }, as(owner));
      expect(moved.status).toBe(200);
      expect(moved.body.status).toBe(to);
    }
    const archived = await t.post(`/v1/projects/${project.id}/archive`, {}, as(owner));
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });

    const readOnly = await t.patch(`/v1/projects/${project.id}`, { version: archived.body.version, name: 'Renamed' }, as(owner));
    expect(readOnly.status).toBe(409);
    expect(readOnly.body.code).toBe('PROJECTS.ARCHIVED');
    const again = await t.post(`/v1/projects/${project.id}/archive`, {}, as(owner));
    expect(again.body).toMatchObject({ code: 'PROJECTS.INVALID_TRANSITION', rule: 'lifecycle.same_status' });
    const restored = await t.post(`/v1/projects/${project.id}/transitions`, { to: 'planning' }, as(owner));
    expect(restored.body).toMatchObject({ status: 'planning', archivedAt: null });

    const unknown = await t.post(`/v1/projects/${project.id}/transitions`, { to: 'done' }, as(owner));
    expect(unknown.status).toBe(400);
    const startsCompleted = await create({ name: 'Too late', status: 'completed' });
    expect(startsCompleted.status).toBe(422);
    expect(startsCompleted.body.code).toBe('PROJECTS.INVALID_INITIAL_STATUS');
  });

  it('updates with optimistic concurrency', async () => {
    const { body: project } = await create({ name: 'Versioned' });
    const first = await t.patch(`/v1/projects/${project.id}`, { version: 1, description: 'one' }, as(owner));
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await t.patch(`/v1/projects/${project.id}`, { version: 1, description: 'two' }, as(owner));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('COMMON.STALE_VERSION');
    const staleMove = await t.post(`/v1/projects/${project.id}/transitions`, { to: 'archived', version: 1 }, as(owner));
    expect(staleMove.status).toBe(409);
    expect((await t.get(`/v1/projects/${project.id}`, as(owner))).body.description).toBe('one');
  });

  it('rejects bad input with field-level problems', async () => {
    const cases: Array<[object, string]> = [
      [{ name: 'x', settings: { unknownKey: true } }, 'settings.unknownKey'],
      [{ name: 'x', settings: { taskKeyPrefix: 'lower' } }, 'settings.taskKeyPrefix'],
      [{ name: 'x', settings: { workingDays: [0, 8] } }, 'settings.workingDays'],
      [{ name: 'x', tags: ['has space'] }, 'tags'],
      [{ name: 'x', slug: '-bad-' }, 'slug'],
      [{ name: 'x', status: 'paused' }, 'status'],
      [{ name: 'x', leadId: 'not-a-uuid' }, 'leadId'],
      [{ name: 'x', startDate: '2025-02-30' }, 'startDate'],
      [{ name: 'x', startDate: '2025-03-01', targetDate: '2025-02-01' }, 'targetDate'],
      [{ name: '' }, 'name'],
      [{ name: 'x', organizationId: other.organization.id }, 'organizationId'],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      expect([response.status, response.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('lists with filters, sorting and cursor pagination, only within the organization', async () => {
    const session = await t.signup();
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
    for (const name of names) {
      const { body } = await create({ name, tags: name < 'C' ? ['early'] : ['late'], description: `Project ${name} notes` }, session);
      if (name === 'Delta') {
        await t.patch(`/v1/projects/${body.id}`, { version: 1, leadId: session.user.id }, as(session));
        await t.post(`/v1/projects/${body.id}/transitions`, { to: 'active' }, as(session));
      }
    }
    const byName = await t.get('/v1/projects?sort=name&limit=2', as(session));
    expect(byName.body.items.map((p: { name: string }) => p.name)).toEqual(['Alpha', 'Bravo']);
    const next = await t.get(`/v1/projects?sort=name&limit=2&cursor=${byName.body.nextCursor}`, as(session));
    expect(next.body.items.map((p: { name: string }) => p.name)).toEqual(['Charlie', 'Delta']);
    const last = await t.get(`/v1/projects?sort=name&limit=2&cursor=${next.body.nextCursor}`, as(session));
    expect(last.body).toMatchObject({ items: [{ name: 'Echo' }], nextCursor: null });

    const descending = await t.get('/v1/projects?sort=-name&limit=1', as(session));
    expect(descending.body.items[0].name).toBe('Echo');
    expect((await t.get(`/v1/projects?sort=createdAt&cursor=${byName.body.nextCursor}`, as(session))).status).toBe(400);

    const active = await t.get('/v1/projects?status=active', as(session));
    expect(active.body.items.map((p: { name: string }) => p.name)).toEqual(['Delta']);
    const several = await t.get('/v1/projects?status=active,planning&sort=name', as(session));
    expect(several.body.items).toHaveLength(5);
    expect((await t.get(`/v1/projects?leadId=${session.user.id}`, as(session))).body.items.map((p: { name: string }) => p.name)).toEqual(['Delta']);
    expect((await t.get('/v1/projects?tag=EARLY&sort=name', as(session))).body.items.map((p: { name: string }) => p.name)).toEqual(['Alpha', 'Bravo']);
    expect((await t.get('/v1/projects?q=charlie%20notes', as(session))).body.items.map((p: { name: string }) => p.name)).toEqual(['Charlie']);
    expect((await t.get('/v1/projects?q=100%25', as(session))).body.items).toEqual([]);
    expect((await t.get('/v1/projects?status=paused', as(session))).status).toBe(400);
    expect((await t.get('/v1/projects?sort=secret', as(session))).status).toBe(400);
    expect((await t.get('/v1/projects?limit=500', as(session))).status).toBe(400);

    const theirs = await t.get('/v1/projects?limit=100', as(other));
    expect(theirs.body.items.map((p: { name: string }) => p.name)).not.toContain('Charlie');
  });

  it('lets viewers read but not write, and only admins delete', async () => {
    const viewer = await t.addMember(owner, 'viewer');
    const member = await t.addMember(owner, 'member');
    const { body: project } = await create({ name: 'Guarded' });
    expect((await t.get(`/v1/projects/${project.id}`, as(viewer))).status).toBe(200);
    expect((await create({ name: 'By viewer' }, viewer)).status).toBe(403);
    expect((await t.delete(`/v1/projects/${project.id}`, as(member))).status).toBe(403);
    expect((await t.delete(`/v1/projects/${project.id}`, as(owner))).status).toBe(204);
    expect((await t.get(`/v1/projects/${project.id}`, as(owner))).status).toBe(404);
  });

  it('lets another organization neither see nor change a project', async () => {
    const { body: project } = await create({ name: 'Private' });
    const url = `/v1/projects/${project.id}`;
    expect((await t.patch(url, { version: 1, name: 'Hijacked' }, as(other))).status).toBe(404);
    expect((await t.post(`${url}/transitions`, { to: 'archived' }, as(other))).status).toBe(404);
    expect((await t.post(`${url}/archive`, {}, as(other))).status).toBe(404);
    expect((await t.delete(url, as(other))).status).toBe(404);
    const mine = await t.get(url, as(owner));
    expect(mine.body).toMatchObject({ name: 'Private', status: 'planning', version: 1 });
  });

  it('honours the organization limit on projects', async () => {
    const session = await t.signup();
    await t.sql(`update organizations set limits = '{"maxProjects": 1}' where id = $1`, [session.organization.id]);
    expect((await create({ name: 'One' }, session)).status).toBe(201);
    const second = await create({ name: 'Two' }, session);
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('PROJECTS.LIMIT_REACHED');
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `proj-${Date.now()}` };
    const first = await t.post('/v1/projects', { name: 'Once only' }, { ...as(owner), headers });
    const second = await t.post('/v1/projects', { name: 'Once only' }, { ...as(owner), headers });
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
  });
});
