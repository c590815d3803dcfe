import { Session, TestApp } from '../support/test-app';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const entries = async (owner: Session, query = '') => (await t.get(`/v1/audit-logs?limit=100${query}`, { token: owner.accessToken })).body.items;

  it('records sign-up: the organization, its owner and the membership, as the owner', async () => {
    const owner = await t.signup();
    const items = await entries(owner);
    expect(items.map((e: { entityType: string }) => e.entityType).sort()).toEqual(['membership', 'organization', 'user']);
    for (const entry of items) expect(entry).toMatchObject({ action: 'create', actorType: 'user', actorId: owner.user.id });
    const user = items.find((e: { entityType: string }) => e.entityType === 'user');
    expect(user.changes.email).toEqual({ to: owner.user.email });
    expect(user.changes).not.toHaveProperty('passwordHash');
  });

  it('records an update with the difference and the request id of the response', async () => {
    const owner = await t.signup();
    const patch = await t.patch(
      '/v1/organization',
      { version: 1, name: 'Renamed', features: { agents: true } },
      { token: owner.accessToken, headers: { 'x-request-id': 'req-audit-1' } },
    );
    expect(patch.status).toBe(200);
    expect(patch.headers['x-request-id']).toBe('req-audit-1');
    const [entry] = await entries(owner, '&action=update&entityType=organization');
    expect(entry).toMatchObject({
      action: 'update',
      entityType: 'organization',
      entityId: owner.organization.id,
      actorType: 'user',
      actorId: owner.user.id,
      requestId: 'req-audit-1',
      changes: { name: { from: owner.organization.name, to: 'Renamed' }, features: { from: {}, to: { agents: true } } },
    });
    expect(Object.keys(entry.changes).sort()).toEqual(['features', 'name']);

    // A generated request id is recorded the same way.
    const role = await t.patch('/v1/me', { name: 'New Name' }, { token: owner.accessToken });
    const [userEntry] = await entries(owner, `&entityType=user&action=update`);
    expect(userEntry.requestId).toBe(role.headers['x-request-id']);
    expect(userEntry.changes).toEqual({ name: { from: owner.user.name, to: 'New Name' } });
  });

  it('records creates and deletes, with API keys as actors and no secrets', async () => {
    const owner = await t.signup();
    const key = await t.post('/v1/api-keys', { name: 'admin-bot', role: 'admin' }, { token: owner.accessToken });
    const child = await t.post('/v1/api-keys', { name: 'child', role: 'viewer' }, { apiKey: key.body.key });
    await t.delete(`/v1/api-keys/${child.body.id}`, { apiKey: key.body.key });
    const items = await entries(owner, `&entityId=${child.body.id}`);
    expect(items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
    for (const entry of items) expect(entry).toMatchObject({ actorType: 'api_key', actorId: key.body.id, entityType: 'api_key' });
    expect(items[0].changes.name).toEqual({ from: 'child' });
    expect(items[1].changes.name).toEqual({ to: 'child' });
    const all = JSON.stringify(await entries(owner));
    expect(all).not.toContain(key.body.key.slice(-43));
    expect(all).not.toContain(child.body.key.slice(-43));
  });

  it('records membership changes, invitations and removals', async () => {
    const owner = await t.signup();
    const member = await t.addMember(owner, 'member');
    await t.patch(`/v1/members/${member.user.id}`, { role: 'viewer' }, { token: owner.accessToken });
    await t.delete(`/v1/members/${member.user.id}`, { token: owner.accessToken });
    const items = await entries(owner, `&entityType=membership&entityId=${member.user.id}`);
    expect(items.map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual([
      ['delete', owner.user.id],
      ['update', owner.user.id],
      ['create', member.user.id],
    ]);
    expect(items[1].changes).toEqual({ role: { from: 'member', to: 'viewer' } });
    const invitations = await entries(owner, '&entityType=invitation');
    expect(invitations).toHaveLength(1);
  });

  it('filters by actor and time, and pages newest first without gaps or repeats', async () => {
    const owner = await t.signup();
    for (let i = 0; i < 4; i += 1) await t.post('/v1/api-keys', { name: `k${i}`, role: 'viewer' }, { token: owner.accessToken });
    const all = await entries(owner);
    expect(all).toHaveLength(7);
    const times = all.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.get(
        `/v1/audit-logs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: owner.accessToken },
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all.map((e: { id: string }) => e.id));

    expect(await entries(owner, `&actorId=${owner.user.id}`)).toHaveLength(7);
    expect(await entries(owner, `&actorId=00000000-0000-4000-8000-000000000000`)).toEqual([]);
    expect(await entries(owner, `&until=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).toEqual([]);
    expect(await entries(owner, `&since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).toHaveLength(7);
  });

  it('is readable by admins only', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const member = await t.addMember(owner, 'member');
    expect((await t.get('/v1/audit-logs', { token: admin.accessToken })).status).toBe(200);
    expect((await t.get('/v1/audit-logs', { token: member.accessToken })).status).toBe(403);
  });

  it('refuses bad filters', async () => {
    const owner = await t.signup();
    for (const query of ['actorId=nope', 'since=yesterday', 'cursor=%%%', 'limit=101', 'sort=id']) {
      const response = await t.get(`/v1/audit-logs?${query}`, { token: owner.accessToken });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });

  it('the service cannot change or delete audit entries', async () => {
    const owner = await t.signup();
    const { TenantTransaction } = await import('@switchyard/database');
    const tx = t.app.get(TenantTransaction);
    const update = tx.run({ organizationId: owner.organization.id }, () => tx.manager.query(`update audit_logs set action = 'forged'`));
    await expect(update).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
    const remove = tx.run({ organizationId: owner.organization.id }, () => tx.manager.query('delete from audit_logs'));
    await expect(remove).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
  });
});
