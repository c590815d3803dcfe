import { Session, TestApp } from '../support/test-app';

describe('the organization and the caller', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const read = (session: Session) => t.get('/v1/organization', { token: session.accessToken });

  describe('PATCH /v1/organization', () => {
    it('changes name, settings, features and limits, bumping the version', async () => {
      const owner = await t.signup();
      const response = await t.patch(
        '/v1/organization',
        { version: 1, name: 'Acme Ltd', settings: { timezone: 'Europe/Paris' }, features: { agents: true }, limits: { maxProjects: 10 } },
        { token: owner.accessToken },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'Acme Ltd',
        settings: { timezone: 'Europe/Paris' },
        features: { agents: true },
        limits: { maxProjects: 10 },
        version: 2,
      });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThan(Date.parse(response.body.createdAt));
      expect((await read(owner)).body).toEqual(response.body);
    });

    it('answers 409 to a stale version and changes nothing (no audit entry either)', async () => {
      const owner = await t.signup();
      expect((await t.patch('/v1/organization', { version: 1, name: 'First' }, { token: owner.accessToken })).status).toBe(200);
      const stale = await t.patch('/v1/organization', { version: 1, name: 'Second' }, { token: owner.accessToken });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'COMMON.STALE_VERSION', expectedVersion: 1, currentVersion: 2 });
      expect((await read(owner)).body).toMatchObject({ name: 'First', version: 2 });
      const audit = await t.get('/v1/audit-logs?entityType=organization&action=update', { token: owner.accessToken });
      expect(audit.body.items).toHaveLength(1);
    });

    it('of two concurrent writers with one version, exactly one wins', async () => {
      const owner = await t.signup();
      const results = await Promise.all(['A', 'B'].map((name) => t.patch('/v1/organization', { version: 1, name }, { token: owner.accessToken })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await read(owner)).body.version).toBe(2);
    });

    it('lets admins edit but only owners change the tier', async () => {
      const owner = await t.signup();
      const admin = await t.addMember(owner, 'admin');
      expect((await t.patch('/v1/organization', { version: 1, name: 'By admin' }, { token: admin.accessToken })).status).toBe(200);
      const tier = await t.patch('/v1/organization', { version: 2, tier: 'team' }, { token: admin.accessToken });
      expect([tier.status, tier.body.code]).toEqual([403, 'ORGANIZATIONS.OWNER_ONLY']);
      expect((await t.patch('/v1/organization', { version: 2, tier: 'team' }, { token: owner.accessToken })).body.tier).toBe('team');
    });

    it('validates every field, naming the bad ones', async () => {
      const owner = await t.signup();
      const response = await t.patch(
        '/v1/organization',
        { version: 0, tier: 'platinum', features: { agents: 'yes' }, limits: { maxProjects: -1 }, settings: [] },
        { token: owner.accessToken },
      );
      expect(response.status).toBe(400);
      const fields = [...new Set(response.body.errors.map((e: { field: string }) => e.field))].sort();
      expect(fields).toEqual(['features', 'limits.maxProjects', 'settings', 'tier', 'version']);
      const slug = await t.patch('/v1/organization', { version: 1, slug: 'new-slug' }, { token: owner.accessToken });
      expect(slug.body.errors).toEqual([{ field: 'slug', message: 'is not a known field' }]);
    });
  });

  describe('/v1/me', () => {
    it('edits your own name, preferences and external ids', async () => {
      const owner = await t.signup();
      const response = await t.patch('/v1/me', { name: 'Ada', preferences: { theme: 'dark' }, externalIds: { github: 'ada' } }, { token: owner.accessToken });
      expect(response.status).toBe(200);
      expect(response.body.user).toMatchObject({ name: 'Ada', preferences: { theme: 'dark' }, externalIds: { github: 'ada' } });
      const bad = await t.patch('/v1/me', { externalIds: { github: 42 }, email: 'new@example.test' }, { token: owner.accessToken });
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'externalIds']);
    });

    it('an API key has no profile to edit', async () => {
      const owner = await t.signup();
      const key = await t.post('/v1/api-keys', { name: 'k', role: 'admin' }, { token: owner.accessToken });
      const response = await t.patch('/v1/me', { name: 'Bot' }, { apiKey: key.body.key });
      expect([response.status, response.body.code]).toEqual([403, 'ORGANIZATIONS.USER_ONLY']);
    });
  });

  describe('DELETE /v1/organization', () => {
    it('needs the owner and the slug as confirmation', async () => {
      const owner = await t.signup();
      const admin = await t.addMember(owner, 'admin');
      expect((await t.delete(`/v1/organization?confirm=${owner.organization.slug}`, { token: admin.accessToken })).status).toBe(403);
      const wrong = await t.delete('/v1/organization?confirm=something-else', { token: owner.accessToken });
      expect([wrong.status, wrong.body.code]).toEqual([422, 'ORGANIZATIONS.CONFIRMATION_MISMATCH']);
      expect((await t.delete('/v1/organization', { token: owner.accessToken })).status).toBe(400);
      expect((await read(owner)).status).toBe(200);
    });

    it('removes all of its data; users remain and keep their other organizations', async () => {
      const owner = await t.signup();
      const member = await t.addMember(owner, 'member');
      const other = await t.signup();
      const invitation = await t.post('/v1/invitations', { email: owner.user.email, role: 'viewer' }, { token: other.accessToken });
      await t.post('/v1/invitations/accept', { token: invitation.body.token, password: 'correct horse battery staple' });
      const key = await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, { token: owner.accessToken, headers: { 'idempotency-key': 'delete-me' } });
      await t.post('/v1/invitations', { email: 'pending@example.test', role: 'viewer' }, { token: owner.accessToken });

      const org = owner.organization.id;
      const count = async (table: string) => (await t.sql(`select count(*)::int as n from ${table} where organization_id = $1`, [org]))[0].n;
      const tables = ['memberships', 'invitations', 'api_keys', 'refresh_tokens', 'audit_logs', 'idempotency_records'];
      for (const table of tables) expect({ table, present: (await count(table)) > 0 }).toEqual({ table, present: true });

      const deleted = await t.delete(`/v1/organization?confirm=${owner.organization.slug}`, { token: owner.accessToken });
      expect(deleted.status).toBe(204);
      for (const table of tables) expect({ table, n: await count(table) }).toEqual({ table, n: 0 });
      expect(await t.sql('select 1 from organizations where id = $1', [org])).toHaveLength(0);
      expect(await t.sql('select id from users where id = any($1)', [[owner.user.id, member.user.id]])).toHaveLength(2);

      expect((await t.get('/v1/me', { apiKey: key.body.key })).status).toBe(401);
      expect((await t.post('/v1/auth/refresh', { refreshToken: member.refreshToken })).status).toBe(401);
      const memberLogin = await t.post('/v1/auth/login', { email: member.user.email, password: 'correct horse battery staple' });
      expect([memberLogin.status, memberLogin.body.code]).toEqual([403, 'AUTH.NO_ORGANIZATION']);
      const ownerLogin = await t.post('/v1/auth/login', { email: owner.user.email, password: 'correct horse battery staple' });
      expect(ownerLogin.body.organization).toMatchObject({ id: other.organization.id, role: 'viewer' });
      // The slug is free again.
      expect((await t.signup({ organizationSlug: owner.organization.slug })).organization.slug).toBe(owner.organization.slug);
    });
  });
});
