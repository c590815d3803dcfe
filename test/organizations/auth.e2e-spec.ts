import { randomUUID } from 'node:crypto';
import { TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';
const unique = () => randomUUID().slice(0, 8);

describe('sign-up and login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  describe('sign-up', () => {
    it('creates the organization and its owner, logged in', async () => {
      const session = await t.signup({ email: `Mixed.Case-${unique()}@Example.TEST` });
      expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, organization: { role: 'owner' } });
      expect(session.user.email).toBe(session.user.email.toLowerCase());
      const me = await t.get('/v1/me', { token: session.accessToken });
      expect(me.body).toMatchObject({
        actor: { type: 'user', id: session.user.id, role: 'owner' },
        organization: { id: session.organization.id, tier: 'free', version: 1 },
      });
      expect(me.body.user).not.toHaveProperty('passwordHash');
    });

    it('refuses a taken slug with 409 naming it, and leaves nothing half-written', async () => {
      const first = await t.signup();
      const email = `second-${unique()}@example.test`;
      const again = await t.post('/v1/auth/signup', {
        organizationName: 'Copy',
        organizationSlug: first.organization.slug,
        email,
        name: 'Second',
        password: PASSWORD,
      });
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.body).toMatchObject({
        code: 'ORGANIZATIONS.SLUG_TAKEN',
        slug: first.organization.slug,
        errors: [{ field: 'organizationSlug', message: 'is already used by another organization' }],
      });
      expect(again.body.detail).toMatch(/slug/);
      expect(again.body).not.toHaveProperty('constraint');
      expect(await t.sql('select 1 from users where email = $1', [email])).toHaveLength(0);
    });

    it('refuses a taken email with 409, whatever its case', async () => {
      const first = await t.signup();
      const again = await t.post('/v1/auth/signup', {
        organizationName: 'Other',
        organizationSlug: `other-${unique()}`,
        email: first.user.email.toUpperCase(),
        name: 'Twin',
        password: PASSWORD,
      });
      expect([again.status, again.body.code]).toEqual([409, 'AUTH.EMAIL_TAKEN']);
    });

    it('refuses a weak password and a bad slug with 400 naming the fields', async () => {
      const response = await t.post('/v1/auth/signup', {
        organizationName: 'X',
        organizationSlug: 'Not A Slug',
        email: `w-${unique()}@example.test`,
        name: 'W',
        password: 'short',
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('COMMON.VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['organizationSlug', 'password']);
    });
  });

  describe('login', () => {
    it('logs in with the password, whatever the email case, and records the login', async () => {
      const owner = await t.signup();
      const login = await t.post('/v1/auth/login', { email: owner.user.email.toUpperCase(), password: PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.organization).toEqual(owner.organization);
      expect(login.body.refreshToken).not.toBe(owner.refreshToken);
      const me = await t.get('/v1/me', { token: login.body.accessToken });
      expect(me.body.user.lastLoginAt).not.toBeNull();
    });

    it('answers 401 alike for a wrong password and an unknown email', async () => {
      const owner = await t.signup();
      const wrong = await t.post('/v1/auth/login', { email: owner.user.email, password: 'not the password' });
      const unknown = await t.post('/v1/auth/login', { email: `nobody-${unique()}@example.test`, password: PASSWORD });
      for (const response of [wrong, unknown]) {
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS', detail: 'Email or password is wrong' });
      }
    });

    it('lets a user in two organizations choose one per token, by slug or by id', async () => {
      const first = await t.signup();
      const second = await t.signup();
      const invitation = await t.post('/v1/invitations', { email: first.user.email, role: 'member' }, { token: second.accessToken });
      const joined = await t.post('/v1/invitations/accept', { token: invitation.body.token, password: PASSWORD });
      expect(joined.body.organization).toMatchObject({ id: second.organization.id, role: 'member' });

      const byDefault = await t.post('/v1/auth/login', { email: first.user.email, password: PASSWORD });
      expect(byDefault.body.organization).toMatchObject({ id: first.organization.id, role: 'owner' });
      const bySlug = await t.post('/v1/auth/login', { email: first.user.email, password: PASSWORD, organization: second.organization.slug });
      expect(bySlug.body.organization).toMatchObject({ id: second.organization.id, role: 'member' });
      const byId = await t.post('/v1/auth/login', { email: first.user.email, password: PASSWORD, organization: first.organization.id });
      expect(byId.body.organization.id).toBe(first.organization.id);

      // Each token sees its own organization only.
      const orgOfSlugToken = await t.get('/v1/organization', { token: bySlug.body.accessToken });
      expect(orgOfSlugToken.body.id).toBe(second.organization.id);
      const members = await t.get('/v1/members', { token: bySlug.body.accessToken });
      expect(members.body.items.map((m: { userId: string }) => m.userId).sort()).toEqual([first.user.id, second.user.id].sort());
    });

    it('refuses an organization the user does not belong to with 403', async () => {
      const owner = await t.signup();
      const stranger = await t.signup();
      const response = await t.post('/v1/auth/login', { email: owner.user.email, password: PASSWORD, organization: stranger.organization.slug });
      expect([response.status, response.body.code]).toEqual([403, 'AUTH.NO_ORGANIZATION']);
    });

    it('refuses a disabled user', async () => {
      const owner = await t.signup();
      await t.sql(`update users set status = 'disabled' where id = $1`, [owner.user.id]);
      const response = await t.post('/v1/auth/login', { email: owner.user.email, password: PASSWORD });
      expect([response.status, response.body.code]).toEqual([403, 'AUTH.USER_DISABLED']);
      const refresh = await t.post('/v1/auth/refresh', { refreshToken: owner.refreshToken });
      expect([refresh.status, refresh.body.code]).toEqual([403, 'AUTH.USER_DISABLED']);
    });
  });

  describe('credentials on authenticated routes', () => {
    it('refuses a missing, malformed, forged or expired access token with 401', async () => {
      const owner = await t.signup();
      const [header, payload] = owner.accessToken.split('.');
      const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
      const exp = Math.floor(Date.now() / 1000) - 5;
      const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), iat: exp - 900, exp };
      const { JwtService } = await import('@nestjs/jwt');
      const expired = t.app.get(JwtService).sign(claims, { algorithm: 'HS256' });
      for (const token of [undefined, 'not-a-jwt', forged, expired]) {
        const response = await t.get('/v1/me', { token });
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      // The same claims, not expired, are accepted: the expiry is what was refused.
      const { iat: _iat, ...rest } = claims;
      const fresh = t.app.get(JwtService).sign({ ...rest, exp: Math.floor(Date.now() / 1000) + 60 }, { algorithm: 'HS256' });
      expect((await t.get('/v1/me', { token: fresh })).status).toBe(200);
    });
  });
});
