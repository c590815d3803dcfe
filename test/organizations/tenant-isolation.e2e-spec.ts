import { Session, TestApp } from '../support/test-app';

/**
 * Organization B's credentials used with organization A's ids, through every route:
 * always 404 (never 403, so existence does not leak), lists never show A's rows, and A's
 * data is unchanged afterwards.
 */
describe('tenant isolation through every route', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let aMember: Session;
  let aKey: { id: string; key: string };
  let aInvitation: { id: string };
  let bKey: string;

  beforeAll(async () => {
    t = await TestApp.start();
    a = await t.signup();
    b = await t.signup();
    aMember = await t.addMember(a, 'member');
    aKey = (await t.post('/v1/api-keys', { name: 'a-key', role: 'admin' }, { token: a.accessToken })).body;
    aInvitation = (await t.post('/v1/invitations', { email: 'pending-a@example.test', role: 'viewer' }, { token: a.accessToken })).body;
    bKey = (await t.post('/v1/api-keys', { name: 'b-key', role: 'owner' }, { token: b.accessToken })).body.key;
  });
  afterAll(() => t.close());

  const asB = [
    ['B’s owner token', () => ({ token: b.accessToken })],
    ['B’s API key', () => ({ apiKey: bKey })],
  ] as const;

  describe.each(asB)('with %s', (_, credential) => {
    it('cannot read A’s members, invitations, keys or audit entries', async () => {
      expect((await t.get(`/v1/members/${a.user.id}`, credential())).status).toBe(404);
      expect((await t.get(`/v1/members/${aMember.user.id}`, credential())).status).toBe(404);

      const lists = {
        members: await t.get('/v1/members?limit=100', credential()),
        invitations: await t.get('/v1/invitations?status=all&limit=100', credential()),
        keys: await t.get('/v1/api-keys?limit=100', credential()),
        audit: await t.get('/v1/audit-logs?limit=100', credential()),
        auditOfA: await t.get(`/v1/audit-logs?entityId=${a.organization.id}`, credential()),
      };
      const text = JSON.stringify(lists);
      for (const id of [a.user.id, aMember.user.id, aKey.id, aInvitation.id, a.organization.id]) expect(text).not.toContain(id);
      expect(lists.members.body.items.map((m: { userId: string }) => m.userId)).toEqual([b.user.id]);
      expect(lists.auditOfA.body.items).toEqual([]);
      expect(lists.audit.body.items.length).toBeGreaterThan(0);
    });

    it('cannot change or delete A’s members, invitations or keys', async () => {
      const attempts = [
        await t.patch(`/v1/members/${aMember.user.id}`, { role: 'viewer' }, credential()),
        await t.delete(`/v1/members/${aMember.user.id}`, credential()),
        await t.delete(`/v1/members/${a.user.id}`, credential()),
        await t.delete(`/v1/invitations/${aInvitation.id}`, credential()),
        await t.delete(`/v1/api-keys/${aKey.id}`, credential()),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('sees and changes only its own organization', async () => {
      const organization = await t.get('/v1/organization', credential());
      expect(organization.body.id).toBe(b.organization.id);
      const me = await t.get('/v1/me', credential());
      expect(me.body.organization.id).toBe(b.organization.id);
      const patched = await t.patch('/v1/organization', { version: organization.body.version, settings: { touchedBy: 'b' } }, credential());
      expect(patched.body.id).toBe(b.organization.id);
      // Deleting with A's slug as confirmation is refused: the organization in scope is B's.
      const deleted = await t.delete(`/v1/organization?confirm=${a.organization.slug}`, credential());
      expect(deleted.status).toBe(422);
    });
  });

  it('leaves A’s data exactly as it was', async () => {
    const members = await t.get('/v1/members', { token: a.accessToken });
    expect(members.body.items).toEqual([
      expect.objectContaining({ userId: a.user.id, role: 'owner' }),
      expect.objectContaining({ userId: aMember.user.id, role: 'member', version: 1 }),
    ]);
    const invitations = await t.get('/v1/invitations', { token: a.accessToken });
    expect(invitations.body.items.map((i: { id: string }) => i.id)).toEqual([aInvitation.id]);
    expect((await t.get('/v1/me', { apiKey: aKey.key })).status).toBe(200);
    const organization = await t.get('/v1/organization', { token: a.accessToken });
    expect(organization.body).toMatchObject({ settings: {}, version: 1 });
  });

  it('under concurrent load no request sees another tenant’s rows (the tenant never leaks through the pool)', async () => {
    const tenants = [a, b, ...(await Promise.all([t.signup(), t.signup(), t.signup()]))];
    const requests = Array.from({ length: 60 }, (_, i) => tenants[i % tenants.length]);
    const responses = await Promise.all(
      requests.map((session, i) =>
        i % 2 ? t.get('/v1/members?limit=100', { token: session.accessToken }) : t.get('/v1/organization', { token: session.accessToken }),
      ),
    );
    responses.forEach((response, i) => {
      const session = requests[i];
      expect(response.status).toBe(200);
      if (i % 2) expect(response.body.items.map((m: { userId: string }) => m.userId)).toContain(session.user.id);
      else expect(response.body.id).toBe(session.organization.id);
      const others = tenants.filter((other) => other !== session).flatMap((other) => [other.organization.id, other.user.id]);
      for (const id of others) expect(JSON.stringify(response.body)).not.toContain(id);
    });
  });

  it('an access token cannot be pointed at another organization', async () => {
    const [header, payload, signature] = b.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, org: a.organization.id })).toString('base64url'), signature].join('.');
    expect((await t.get('/v1/members', { token: tampered })).status).toBe(401);
  });

  it('client-chosen organization fields are ignored or refused', async () => {
    const response = await t.post('/v1/api-keys', { name: 'sneaky', role: 'viewer', organizationId: a.organization.id }, { token: b.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'organizationId' })]);
  });
});
