import { Session, TestApp } from '../support/test-app';

describe('roles and members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const changeRole = (actor: Session, target: Session, role: string) => t.patch(`/v1/members/${target.user.id}`, { role }, { token: actor.accessToken });
  const remove = (actor: Session, target: Session) => t.delete(`/v1/members/${target.user.id}`, { token: actor.accessToken });

  it('a viewer reads but does not write', async () => {
    const owner = await t.signup();
    const viewer = await t.addMember(owner, 'viewer');
    for (const url of ['/v1/me', '/v1/organization', '/v1/members', `/v1/members/${owner.user.id}`]) {
      expect((await t.get(url, { token: viewer.accessToken })).status).toBe(200);
    }
    const denied = [
      await t.post('/v1/invitations', { email: 'x@example.test', role: 'viewer' }, { token: viewer.accessToken }),
      await t.get('/v1/invitations', { token: viewer.accessToken }),
      await t.patch('/v1/organization', { version: 1, name: 'Mine now' }, { token: viewer.accessToken }),
      await t.get('/v1/audit-logs', { token: viewer.accessToken }),
      await changeRole(viewer, owner, 'viewer'),
    ];
    for (const response of denied) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'AUTH.ROLE_REQUIRED', role: 'viewer' });
    }
  });

  it('a member cannot manage API keys or people', async () => {
    const owner = await t.signup();
    const member = await t.addMember(owner, 'member');
    const viewer = await t.addMember(owner, 'viewer');
    expect((await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, { token: member.accessToken })).status).toBe(403);
    expect((await t.get('/v1/api-keys', { token: member.accessToken })).status).toBe(403);
    expect((await remove(member, viewer)).body.code).toBe('AUTH.ROLE_REQUIRED');
  });

  it('an admin manages people below owner, but cannot grant, revoke or remove the owner role', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const member = await t.addMember(owner, 'member');
    const promoted = await changeRole(admin, member, 'admin');
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: member.user.id, role: 'admin', version: 2 });
    expect((await changeRole(admin, member, 'owner')).body.code).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect((await changeRole(admin, owner, 'member')).body.code).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect((await remove(admin, owner)).body.code).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect((await remove(admin, member)).status).toBe(204);
    expect((await t.get(`/v1/members/${member.user.id}`, { token: owner.accessToken })).status).toBe(404);
  });

  it('the last owner can be neither demoted nor removed, not even by themself', async () => {
    const owner = await t.signup();
    const demote = await changeRole(owner, owner, 'admin');
    expect([demote.status, demote.body.code]).toEqual([409, 'ORGANIZATIONS.LAST_OWNER']);
    const leave = await remove(owner, owner);
    expect([leave.status, leave.body.code]).toEqual([409, 'ORGANIZATIONS.LAST_OWNER']);
    const members = await t.get('/v1/members', { token: owner.accessToken });
    expect(members.body.items).toEqual([expect.objectContaining({ userId: owner.user.id, role: 'owner' })]);
  });

  it('with a second owner, an owner may step down', async () => {
    const owner = await t.signup();
    const second = await t.addMember(owner, 'owner');
    expect((await changeRole(owner, owner, 'admin')).status).toBe(200);
    expect((await changeRole(second, second, 'admin')).body.code).toBe('ORGANIZATIONS.LAST_OWNER');
  });

  it('two owners demoting each other at the same time: exactly one succeeds', async () => {
    const owner = await t.signup();
    const second = await t.addMember(owner, 'owner');
    const results = await Promise.all([changeRole(owner, second, 'admin'), changeRole(second, owner, 'admin')]);
    // The loser meets the locked last-owner rule (409) when both were authorized side by side, or
    // is no longer an owner when the winner committed first (403; the single-connection embedded
    // database serializes the two requests).
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const owners = await t.get('/v1/members?role=owner', { token: owner.accessToken });
    expect(owners.body.items).toHaveLength(1);
  });

  it('two owners removing each other at the same time: exactly one succeeds', async () => {
    const owner = await t.signup();
    const second = await t.addMember(owner, 'owner');
    const results = await Promise.all([remove(owner, second), remove(second, owner)]);
    // As above: 409 side by side, or 401 for a caller removed before their request began.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(204);
    expect([401, 409]).toContain(statuses[1]);
    const [{ count }] = await t.sql(`select count(*)::int as count from memberships where organization_id = $1 and role = 'owner'`, [owner.organization.id]);
    expect(count).toBe(1);
  });

  it('members can leave; their sessions in the organization end', async () => {
    const owner = await t.signup();
    const viewer = await t.addMember(owner, 'viewer');
    expect((await remove(viewer, viewer)).status).toBe(204);
    expect((await t.post('/v1/auth/refresh', { refreshToken: viewer.refreshToken })).status).toBe(401);
    const members = await t.get('/v1/members', { token: owner.accessToken });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.user.id]);
  });

  it('filters and pages members', async () => {
    const owner = await t.signup();
    const added = [await t.addMember(owner, 'viewer'), await t.addMember(owner, 'viewer'), await t.addMember(owner, 'member')];
    const viewers = await t.get('/v1/members?role=viewer', { token: owner.accessToken });
    expect(viewers.body.items.map((m: { userId: string }) => m.userId)).toEqual([added[0].user.id, added[1].user.id]);
    const first = await t.get('/v1/members?limit=2', { token: owner.accessToken });
    const second = await t.get(`/v1/members?limit=2&cursor=${first.body.nextCursor}`, { token: owner.accessToken });
    expect([...first.body.items, ...second.body.items].map((m: { userId: string }) => m.userId)).toEqual([owner.user.id, ...added.map((s) => s.user.id)]);
    expect(second.body.nextCursor).toBeNull();
  });
});
