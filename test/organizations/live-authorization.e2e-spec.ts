import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from '../tasks/support';
import { createAgent } from '../agents/support';

/**
 * The membership decides on every request: each attack of the issue "Authorization that follows
 * the membership at once", replayed with the credentials the attacker still holds.
 */
describe('authorization follows the membership at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const as = (session: Session) => ({ token: session.accessToken });

  it('a demoted admin cannot restore their role with the old token', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    expect((await t.patch(`/v1/members/${admin.user.id}`, { role: 'viewer' }, as(owner))).status).toBe(200);

    const restore = await t.patch(`/v1/members/${admin.user.id}`, { role: 'admin' }, as(admin));
    expect([restore.status, restore.body.code]).toEqual([403, 'AUTH.ROLE_REQUIRED']);
    expect(restore.body).toMatchObject({ requiredRole: 'admin', role: 'viewer' });
    expect((await t.get('/v1/me', as(admin))).body.actor.role).toBe('viewer');
    expect((await t.get(`/v1/members/${admin.user.id}`, as(owner))).body.role).toBe('viewer');
  });

  it('a demoted second owner can neither take the owner role back nor demote the first owner', async () => {
    const first = await t.signup();
    const second = await t.addMember(first, 'owner');
    expect((await t.patch(`/v1/members/${second.user.id}`, { role: 'admin' }, as(first))).status).toBe(200);

    const back = await t.patch(`/v1/members/${second.user.id}`, { role: 'owner' }, as(second));
    expect([back.status, back.body.code]).toEqual([403, 'AUTH.SELF_PROMOTION']);
    const coup = await t.patch(`/v1/members/${first.user.id}`, { role: 'admin' }, as(second));
    expect([coup.status, coup.body.code]).toEqual([403, 'ORGANIZATIONS.OWNER_ONLY']);
    expect((await t.get(`/v1/members/${first.user.id}`, as(first))).body.role).toBe('owner');
  });

  it('an owner steps down while another owner remains, never as the last one', async () => {
    const first = await t.signup();
    const alone = await t.patch(`/v1/members/${first.user.id}`, { role: 'admin' }, as(first));
    expect([alone.status, alone.body.code]).toEqual([409, 'ORGANIZATIONS.LAST_OWNER']);
    const second = await t.addMember(first, 'owner');
    expect((await t.patch(`/v1/members/${second.user.id}`, { role: 'admin' }, as(second))).status).toBe(200);
    expect((await t.get('/v1/me', as(second))).body.actor.role).toBe('admin');
  });

  it('a removed admin is refused at once, and the keys they created are revoked and audited', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const key = await t.post('/v1/api-keys', { name: 'ci', role: 'admin' }, as(admin));
    expect(key.body.createdBy).toBe(admin.user.id);
    expect((await t.get('/v1/members', { apiKey: key.body.key })).status).toBe(200);

    expect((await t.delete(`/v1/members/${admin.user.id}`, as(owner))).status).toBe(204);

    const backdoor = await t.post('/v1/api-keys', { name: 'backdoor', role: 'admin' }, as(admin));
    expect([backdoor.status, backdoor.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    expect((await t.post('/v1/invitations', { email: 'friend@example.test', role: 'admin' }, as(admin))).status).toBe(401);
    expect((await t.get('/v1/members', { apiKey: key.body.key })).status).toBe(401);
    expect((await t.post('/v1/auth/refresh', { refreshToken: admin.refreshToken })).status).toBe(401);

    const keys = await t.get('/v1/api-keys', as(owner));
    expect(keys.body.items.map((k: { id: string }) => k.id)).not.toContain(key.body.id);
    const audit = await t.get('/v1/audit-logs?entityType=api_key', as(owner));
    const revoked = audit.body.items.find((entry: { action: string; entityId: string }) => entry.action === 'delete' && entry.entityId === key.body.id);
    expect(revoked).toBeDefined();
    expect(JSON.stringify(revoked.changes)).toContain('creator removed');
  });

  it('an owner can keep a leaving member’s key alive by handing it over first', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const viewer = await t.addMember(owner, 'viewer');
    const key = await t.post('/v1/api-keys', { name: 'deploy', role: 'admin' }, as(admin));

    const unfit = await t.request('PUT', `/v1/api-keys/${key.body.id}/creator`, { ...as(owner), body: { createdBy: viewer.user.id } });
    expect([unfit.status, unfit.body.code]).toEqual([422, 'ORGANIZATIONS.API_KEY_CREATOR_UNFIT']);
    const byAdmin = await t.request('PUT', `/v1/api-keys/${key.body.id}/creator`, { ...as(admin), body: { createdBy: admin.user.id } });
    expect(byAdmin.status).toBe(403);
    const handed = await t.request('PUT', `/v1/api-keys/${key.body.id}/creator`, { ...as(owner), body: { createdBy: owner.user.id } });
    expect([handed.status, handed.body.createdBy]).toEqual([200, owner.user.id]);

    expect((await t.delete(`/v1/members/${admin.user.id}`, as(owner))).status).toBe(204);
    expect((await t.get('/v1/members', { apiKey: key.body.key })).status).toBe(200);
  });

  it('demoting a member below a key’s role revokes that key, and keeps the ones their new role covers', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const high = await t.post('/v1/api-keys', { name: 'high', role: 'admin' }, as(admin));
    const low = await t.post('/v1/api-keys', { name: 'low', role: 'member' }, as(admin));
    expect((await t.patch(`/v1/members/${admin.user.id}`, { role: 'member' }, as(owner))).status).toBe(200);
    expect((await t.get('/v1/me', { apiKey: high.body.key })).status).toBe(401);
    expect((await t.get('/v1/me', { apiKey: low.body.key })).status).toBe(200);
  });

  it('a key whose creator is disabled stops working, and works again when they are re-enabled', async () => {
    const owner = await t.signup();
    const admin = await t.addMember(owner, 'admin');
    const key = await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, as(admin));
    await t.sql(`update users set status = 'disabled' where id = $1`, [admin.user.id]);
    expect((await t.get('/v1/me', { apiKey: key.body.key })).status).toBe(401);
    expect((await t.get('/v1/me', as(admin))).status).toBe(401);
    await t.sql(`update users set status = 'active' where id = $1`, [admin.user.id]);
    expect((await t.get('/v1/me', { apiKey: key.body.key })).status).toBe(200);
  });

  it('logout ends the session’s access tokens on the next request; other sessions go on', async () => {
    const owner = await t.signup();
    const other = await t.post<Session>('/v1/auth/login', { email: owner.user.email, password: 'correct horse battery staple' });
    expect((await t.get('/v1/me', as(owner))).status).toBe(200);
    expect((await t.post('/v1/auth/logout', { refreshToken: owner.refreshToken })).status).toBe(204);
    const after = await t.get('/v1/me', as(owner));
    expect([after.status, after.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    expect((await t.get('/v1/me', as(other.body))).status).toBe(200);
  });

  it('a password change ends every session of the user, in every organization, and answers a new one', async () => {
    const PASSWORD = 'correct horse battery staple';
    const owner = await t.signup();
    const second = await t.post<Session>('/v1/auth/login', { email: owner.user.email, password: PASSWORD });
    // The same person is also a member of another organization, with a session there.
    const elsewhere = await t.signup();
    const invitation = await t.post('/v1/invitations', { email: owner.user.email, role: 'member' }, as(elsewhere));
    const there = await t.post<Session>('/v1/invitations/accept', { token: invitation.body.token, password: PASSWORD });
    expect(there.status).toBe(200);

    const wrong = await t.post('/v1/me/password', { currentPassword: 'not the password', newPassword: 'a brand new passphrase' }, as(owner));
    expect([wrong.status, wrong.body.code]).toEqual([401, 'AUTH.INVALID_CREDENTIALS']);
    expect((await t.get('/v1/me', as(second.body))).status).toBe(200);

    const changed = await t.post<Session>('/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, as(owner));
    expect(changed.status).toBe(200);
    expect(changed.headers['cache-control']).toContain('no-store');
    for (const ended of [owner, second.body, there.body]) {
      expect((await t.get('/v1/me', as(ended))).status).toBe(401);
      expect((await t.post('/v1/auth/refresh', { refreshToken: ended.refreshToken })).status).toBe(401);
    }
    expect((await t.get('/v1/me', as(changed.body))).body.organization.id).toBe(owner.organization.id);
    expect((await t.post('/v1/auth/login', { email: owner.user.email, password: PASSWORD })).status).toBe(401);
    expect((await t.post('/v1/auth/login', { email: owner.user.email, password: 'a brand new passphrase' })).status).toBe(200);
    const audit = await t.get('/v1/audit-logs?entityType=user', as(changed.body));
    expect(JSON.stringify(audit.body)).toContain('passwordChanged');
    expect(JSON.stringify(audit.body)).not.toContain('$argon2');
  });

  it('an API key has no password to change', async () => {
    const owner = await t.signup();
    const key = await t.post('/v1/api-keys', { name: 'ci', role: 'member' }, as(owner));
    const refused = await t.post('/v1/me/password', { currentPassword: 'x', newPassword: 'a brand new passphrase' }, { apiKey: key.body.key });
    expect([refused.status, refused.body.code]).toEqual([403, 'ORGANIZATIONS.USER_ONLY']);
  });

  it('a reused refresh token ends the session’s access tokens too', async () => {
    const owner = await t.signup();
    const rotated = await t.post<Session>('/v1/auth/refresh', { refreshToken: owner.refreshToken });
    expect((await t.get('/v1/me', as(rotated.body))).status).toBe(200);
    expect((await t.post('/v1/auth/refresh', { refreshToken: owner.refreshToken })).body.code).toBe('AUTH.REFRESH_TOKEN_REUSED');
    expect((await t.get('/v1/me', as(rotated.body))).status).toBe(401);
    expect((await t.get('/v1/me', as(owner))).status).toBe(401);
  });

  it('a deleted organization’s tokens and keys are refused', async () => {
    const owner = await t.signup();
    const key = await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, as(owner));
    expect((await t.delete(`/v1/organization?confirm=${owner.organization.slug}`, as(owner))).status).toBe(204);
    expect((await t.get('/v1/me', as(owner))).status).toBe(401);
    expect((await t.get('/v1/me', { apiKey: key.body.key })).status).toBe(401);
  });

  it('an access token without a session (issued before sessions were carried) is refused', async () => {
    const owner = await t.signup();
    const [header, payload, signature] = owner.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    delete claims.sid;
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    expect((await t.get('/v1/me', { token: tampered })).status).toBe(401);
  });

  it('idempotency keys are the caller’s: another member replaying the owner’s key and body runs their own request', async () => {
    const owner = await t.signup();
    const member = await t.addMember(owner, 'member');
    const projectId = await createProject(t, owner);
    await createTask(t, owner, projectId, { title: 'first', status: 'todo', priority: 'urgent' });
    await createTask(t, owner, projectId, { title: 'second', status: 'todo', priority: 'low' });
    const body = { projectId, assignee: { type: 'agent', id: (await createAgent(t, undefined, owner)).id } };
    const headers = { 'idempotency-key': 'claim-1' };

    const mine = await t.post('/v1/tasks/claim', body, { ...as(owner), headers });
    expect([mine.status, mine.body.task?.title]).toEqual([200, 'first']);
    const theirs = await t.post('/v1/tasks/claim', body, { ...as(member), headers });
    expect(theirs.status).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    const records = await t.sql(`select principal_id from idempotency_records where organization_id = $1 and key = 'claim-1' order by created_at`, [
      owner.organization.id,
    ]);
    expect(records.map((r) => r.principal_id)).toEqual([owner.user.id, member.user.id]);
    // The owner's own retry still replays the owner's claim.
    const retry = await t.post('/v1/tasks/claim', body, { ...as(owner), headers });
    expect([retry.headers['idempotent-replayed'], retry.body.task?.id]).toEqual(['true', mine.body.task.id]);
  });
});
