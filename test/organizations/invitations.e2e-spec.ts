import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';
const email = () => `invitee-${randomUUID().slice(0, 8)}@example.test`;

describe('invitations', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const invite = (body: Record<string, unknown>, token = owner.accessToken) => t.post('/v1/invitations', body, { token });
  const accept = (body: Record<string, unknown>) => t.post('/v1/invitations/accept', body);

  it('creates the user on acceptance, logged in with the invited role', async () => {
    const address = email();
    const invitation = await invite({ email: address.toUpperCase(), role: 'member' });
    expect(invitation.status).toBe(201);
    expect(invitation.body).toMatchObject({ email: address, role: 'member', invitedBy: owner.user.id, acceptedAt: null });
    expect(invitation.body.token).toEqual(expect.any(String));

    const joined = await accept({ token: invitation.body.token, name: 'Grace', password: PASSWORD });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ user: { email: address, name: 'Grace' }, organization: { id: owner.organization.id, role: 'member' } });
    const members = await t.get('/v1/members?limit=100', { token: owner.accessToken });
    expect(members.body.items).toContainEqual(expect.objectContaining({ userId: joined.body.user.id, role: 'member' }));
    // New users log in with the password they chose.
    expect((await t.post('/v1/auth/login', { email: address, password: PASSWORD })).status).toBe(200);

    const accepted = await t.get('/v1/invitations?status=accepted', { token: owner.accessToken });
    expect(accepted.body.items).toContainEqual(expect.objectContaining({ id: invitation.body.id, acceptedBy: joined.body.user.id }));
    expect(JSON.stringify(accepted.body)).not.toContain(invitation.body.token);
  });

  it('a new user must give a name', async () => {
    const invitation = await invite({ email: email(), role: 'viewer' });
    const response = await accept({ token: invitation.body.token, password: PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('an existing user (member elsewhere) joins with their password and can then log into both', async () => {
    const elsewhere = await t.signup();
    const invitation = await invite({ email: elsewhere.user.email, role: 'admin' });
    const wrong = await accept({ token: invitation.body.token, password: 'not my password' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'AUTH.INVALID_CREDENTIALS']);

    const joined = await accept({ token: invitation.body.token, password: PASSWORD, name: 'Ignored for existing users' });
    expect(joined.body).toMatchObject({
      user: { id: elsewhere.user.id, name: elsewhere.user.name },
      organization: { id: owner.organization.id, role: 'admin' },
    });
    for (const [organization, role] of [
      [elsewhere.organization.slug, 'owner'],
      [owner.organization.slug, 'admin'],
    ]) {
      const login = await t.post('/v1/auth/login', { email: elsewhere.user.email, password: PASSWORD, organization });
      expect(login.body.organization).toMatchObject({ slug: organization, role });
    }
  });

  it('refuses a token used twice, an expired one, a revoked one and an unknown one', async () => {
    const used = await invite({ email: email(), role: 'viewer' });
    expect((await accept({ token: used.body.token, name: 'Once', password: PASSWORD })).status).toBe(200);
    const twice = await accept({ token: used.body.token, name: 'Twice', password: PASSWORD });
    expect([twice.status, twice.body.code]).toEqual([409, 'ORGANIZATIONS.INVITATION_ACCEPTED']);

    const expired = await invite({ email: email(), role: 'viewer' });
    await t.sql(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [expired.body.id]);
    const late = await accept({ token: expired.body.token, name: 'Late', password: PASSWORD });
    expect([late.status, late.body.code]).toEqual([422, 'ORGANIZATIONS.INVITATION_EXPIRED']);
    const listed = await t.get('/v1/invitations?status=expired', { token: owner.accessToken });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(expired.body.id);

    const revoked = await invite({ email: email(), role: 'viewer' });
    expect((await t.delete(`/v1/invitations/${revoked.body.id}`, { token: owner.accessToken })).status).toBe(204);
    const gone = await accept({ token: revoked.body.token, name: 'Gone', password: PASSWORD });
    expect([gone.status, gone.body.code]).toEqual([404, 'ORGANIZATIONS.INVITATION_NOT_FOUND']);

    expect((await accept({ token: 'made-up', name: 'Nobody', password: PASSWORD })).status).toBe(404);
  });

  it('refuses a second pending invitation for one email with 409, and allows one after revoking', async () => {
    const address = email();
    const first = await invite({ email: address, role: 'viewer' });
    const duplicate = await invite({ email: address, role: 'member' });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'ORGANIZATIONS.INVITATION_PENDING']);
    await t.delete(`/v1/invitations/${first.body.id}`, { token: owner.accessToken });
    expect((await invite({ email: address, role: 'member' })).status).toBe(201);
  });

  it('cannot revoke an accepted invitation, nor accept one for a current member', async () => {
    const invitation = await invite({ email: email(), role: 'viewer' });
    const joined = await accept({ token: invitation.body.token, name: 'In', password: PASSWORD });
    const revoke = await t.delete(`/v1/invitations/${invitation.body.id}`, { token: owner.accessToken });
    expect([revoke.status, revoke.body.code]).toEqual([409, 'ORGANIZATIONS.INVITATION_ACCEPTED']);

    const again = await invite({ email: joined.body.user.email, role: 'admin' });
    const member = await accept({ token: again.body.token, password: PASSWORD });
    expect([member.status, member.body.code]).toEqual([409, 'ORGANIZATIONS.ALREADY_MEMBER']);
  });

  it('grants at most the inviter’s own role, and only admins invite', async () => {
    const admin = await t.addMember(owner, 'admin');
    const above = await invite({ email: email(), role: 'owner' }, admin.accessToken);
    expect([above.status, above.body.code]).toEqual([403, 'AUTH.ROLE_ABOVE_OWN']);
    expect((await invite({ email: email(), role: 'admin' }, admin.accessToken)).status).toBe(201);
    const member = await t.addMember(owner, 'member');
    expect((await invite({ email: email(), role: 'viewer' }, member.accessToken)).status).toBe(403);
  });

  it('lists pending invitations by default, page by page', async () => {
    const org = await t.signup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await invite({ email: email(), role: 'viewer' }, org.accessToken)).body.id);
    const first = await t.get('/v1/invitations?limit=2', { token: org.accessToken });
    const second = await t.get(`/v1/invitations?limit=2&cursor=${first.body.nextCursor}`, { token: org.accessToken });
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id)).toEqual(ids);
    expect(second.body.nextCursor).toBeNull();
  });
});
