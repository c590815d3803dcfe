import { TestApp, Session } from '../support/test-app';

describe('API keys', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = owner.accessToken) => t.post('/v1/api-keys', body, { token });

  it('shows the secret once, lists keys without it, and stores only a hash', async () => {
    const created = await create({ name: 'ci-runner', role: 'member' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci-runner', role: 'member', createdBy: owner.user.id, expiresAt: null, lastUsedAt: null });
    expect(created.body.key).toMatch(/^sy_[0-9a-f]{32}_[\w-]{43}$/);

    const list = await t.get('/v1/api-keys', { token: owner.accessToken });
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toEqual({ ...created.body, key: undefined, createdAt: created.body.createdAt });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key.slice(-43));

    const [row] = await t.sql('select secret_hash from api_keys where id = $1', [created.body.id]);
    expect(row.secret_hash).toHaveLength(32);
    expect(row.secret_hash.toString('utf8')).not.toContain(created.body.key.slice(-43));
  });

  it('authenticates with X-API-Key and with Authorization: Bearer sy_..., in its organization with its role', async () => {
    const { body: key } = await create({ name: 'bot', role: 'viewer' });
    for (const options of [{ apiKey: key.key }, { token: key.key }]) {
      const me = await t.get('/v1/me', options);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ actor: { type: 'api_key', id: key.id, role: 'viewer' }, user: null, organization: { id: owner.organization.id } });
    }
  });

  it('records the last use', async () => {
    const { body: key } = await create({ name: 'used', role: 'viewer' });
    await t.get('/v1/organization', { apiKey: key.key });
    const list = await t.get('/v1/api-keys?limit=100', { token: owner.accessToken });
    const used = list.body.items.find((k: { id: string }) => k.id === key.id);
    expect(Date.parse(used.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(key.createdAt));
  });

  it('enforces the key’s role: a member key cannot manage keys', async () => {
    const { body: key } = await create({ name: 'member-key', role: 'member' });
    const attempt = await t.post('/v1/api-keys', { name: 'escalate', role: 'viewer' }, { apiKey: key.key });
    expect(attempt.status).toBe(403);
    expect(attempt.body).toMatchObject({ code: 'AUTH.ROLE_REQUIRED', requiredRole: 'admin', role: 'member' });
    expect((await t.get('/v1/api-keys', { apiKey: key.key })).status).toBe(403);
    expect((await t.get('/v1/members', { apiKey: key.key })).status).toBe(200);
  });

  it('an admin key manages keys, but grants at most its own role', async () => {
    const { body: admin } = await create({ name: 'admin-key', role: 'admin' });
    const made = await t.post('/v1/api-keys', { name: 'child', role: 'member' }, { apiKey: admin.key });
    expect(made.status).toBe(201);
    // A key made by a key carries the authority of the human behind the making key.
    expect(made.body.createdBy).toBe(owner.user.id);
    const above = await t.post('/v1/api-keys', { name: 'owner-child', role: 'owner' }, { apiKey: admin.key });
    expect([above.status, above.body.code]).toEqual([403, 'AUTH.ROLE_ABOVE_OWN']);
  });

  it('refuses an expired key with 401, and an expiry in the past at creation', async () => {
    const { body: key } = await create({ name: 'short-lived', role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await t.get('/v1/me', { apiKey: key.key })).status).toBe(200);
    await t.sql(`update api_keys set expires_at = now() - interval '1 second' where id = $1`, [key.id]);
    const expired = await t.get('/v1/me', { apiKey: key.key });
    expect([expired.status, expired.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);

    const past = await create({ name: 'past', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' });
    expect([past.status, past.body.code]).toEqual([422, 'ORGANIZATIONS.API_KEY_EXPIRY_IN_PAST']);
  });

  it('refuses a deleted key with 401 at once', async () => {
    const { body: key } = await create({ name: 'doomed', role: 'viewer' });
    expect((await t.delete(`/v1/api-keys/${key.id}`, { token: owner.accessToken })).status).toBe(204);
    expect((await t.get('/v1/me', { apiKey: key.key })).status).toBe(401);
    expect((await t.delete(`/v1/api-keys/${key.id}`, { token: owner.accessToken })).status).toBe(404);
  });

  it('refuses a key with a wrong secret or an unknown id, and such attempts are not a use', async () => {
    const { body: key } = await create({ name: 'real', role: 'viewer' });
    const wrongSecret = key.key.slice(0, -1) + (key.key.endsWith('A') ? 'B' : 'A');
    const unknownId = `sy_${'0'.repeat(32)}_${key.key.slice(-43)}`;
    for (const apiKey of [wrongSecret, unknownId, 'sy_garbage']) expect((await t.get('/v1/me', { apiKey })).status).toBe(401);
    const [row] = await t.sql('select last_used_at from api_keys where id = $1', [key.id]);
    expect(row.last_used_at).toBeNull();
  });

  it('pages through keys with a cursor', async () => {
    const other = await t.signup();
    for (let i = 0; i < 3; i += 1) await create({ name: `k${i}`, role: 'viewer' }, other.accessToken);
    const first = await t.get('/v1/api-keys?limit=2', { token: other.accessToken });
    expect(first.body.items.map((k: { name: string }) => k.name)).toEqual(['k0', 'k1']);
    const second = await t.get(`/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`, { token: other.accessToken });
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'k2' })], nextCursor: null });
  });
});
