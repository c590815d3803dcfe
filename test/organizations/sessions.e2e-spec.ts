import { TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';

describe('sessions: login throttling, refresh rotation, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_SECONDS: '600' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.post('/v1/auth/login', { email, password });
  const refresh = (refreshToken: string) => t.post('/v1/auth/refresh', { refreshToken });

  describe('login throttling', () => {
    it('answers 429 with Retry-After after LOGIN_MAX_ATTEMPTS failures, even for the right password', async () => {
      const owner = await t.signup();
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await login(owner.user.email, 'wrong password')).status).toBe(401);
      for (const password of ['wrong password', PASSWORD]) {
        const blocked = await login(owner.user.email, password);
        expect(blocked.status).toBe(429);
        expect(blocked.body).toMatchObject({ code: 'AUTH.RATE_LIMITED', scope: 'account' });
        const retryAfter = Number(blocked.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(600);
      }
      // Throttling is per email: another account from the same address is unaffected.
      const other = await t.signup();
      expect((await login(other.user.email, PASSWORD)).status).toBe(200);
    });

    it('cannot be escaped by claiming another client address in X-Forwarded-For', async () => {
      const owner = await t.signup();
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await t.post('/v1/auth/login', { email: owner.user.email, password: 'wrong password' }, { headers: { 'x-forwarded-for': `203.0.113.${attempt + 1}` } });
      }
      const blocked = await t.post('/v1/auth/login', { email: owner.user.email, password: PASSWORD }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(blocked.status).toBe(429);
    });

    it('counts case variants of one email together', async () => {
      const owner = await t.signup();
      for (const email of [owner.user.email, owner.user.email.toUpperCase(), ` ${owner.user.email}`.trim()]) {
        expect((await login(email, 'wrong password')).status).toBe(401);
      }
      expect((await login(owner.user.email.toUpperCase(), PASSWORD)).status).toBe(429);
    });

    it('a successful login gives back its own attempt, not the failures before it', async () => {
      const owner = await t.signup();
      for (let attempt = 0; attempt < 2; attempt += 1) expect((await login(owner.user.email, 'wrong password')).status).toBe(401);
      // Right passwords never use the budget up...
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await login(owner.user.email, PASSWORD)).status).toBe(200);
      // ...but they do not forgive the wrong ones: those stay counted until the window ends.
      expect((await login(owner.user.email, 'wrong password')).status).toBe(401);
      expect((await login(owner.user.email, PASSWORD)).status).toBe(429);
    });
  });

  describe('refresh rotation', () => {
    it('exchanges a refresh token for new tokens that work', async () => {
      const owner = await t.signup();
      const rotated = await refresh(owner.refreshToken);
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({ tokenType: 'Bearer', user: owner.user, organization: owner.organization });
      expect(rotated.body.refreshToken).not.toBe(owner.refreshToken);
      expect((await t.get('/v1/me', { token: rotated.body.accessToken })).status).toBe(200);
      const again = await refresh(rotated.body.refreshToken);
      expect(again.status).toBe(200);
    });

    it('reuse of a spent token answers 401 REUSED and revokes the newest token of the family too', async () => {
      const owner = await t.signup();
      const second = await refresh(owner.refreshToken);
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);

      const reused = await refresh(owner.refreshToken);
      expect([reused.status, reused.body.code]).toEqual([401, 'AUTH.REFRESH_TOKEN_REUSED']);
      // The revocation was committed although the request failed.
      const newest = await refresh(third.body.refreshToken);
      expect([newest.status, newest.body.code]).toEqual([401, 'AUTH.REFRESH_TOKEN_INVALID']);
      const rows = await t.sql('select revoked_at from refresh_tokens where organization_id = $1 and user_id = $2', [owner.organization.id, owner.user.id]);
      expect(rows).toHaveLength(3);
      expect(rows.every((row) => row.revoked_at !== null)).toBe(true);
    });

    it('revokes only the reused family, not the user’s other logins', async () => {
      const owner = await t.signup();
      const otherLogin = await login(owner.user.email, PASSWORD);
      await refresh(owner.refreshToken);
      expect((await refresh(owner.refreshToken)).body.code).toBe('AUTH.REFRESH_TOKEN_REUSED');
      expect((await refresh(otherLogin.body.refreshToken)).status).toBe(200);
    });

    it('of two concurrent refreshes with one token, exactly one wins', async () => {
      const owner = await t.signup();
      const results = await Promise.all([refresh(owner.refreshToken), refresh(owner.refreshToken)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses unknown and expired refresh tokens', async () => {
      expect((await refresh('not-a-token')).body.code).toBe('AUTH.REFRESH_TOKEN_INVALID');
      const owner = await t.signup();
      await t.sql(`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [owner.user.id]);
      const expired = await refresh(owner.refreshToken);
      expect([expired.status, expired.body.code]).toEqual([401, 'AUTH.REFRESH_TOKEN_INVALID']);
      expect(expired.body.detail).toMatch(/expired/);
    });

    it('a removed member can no longer refresh', async () => {
      const owner = await t.signup();
      const member = await t.addMember(owner, 'member');
      expect((await t.delete(`/v1/members/${member.user.id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await refresh(member.refreshToken)).status).toBe(401);
    });

    it('a refreshed token carries the member’s current role', async () => {
      const owner = await t.signup();
      const member = await t.addMember(owner, 'member');
      await t.patch(`/v1/members/${member.user.id}`, { role: 'admin' }, { token: owner.accessToken });
      const rotated = await refresh(member.refreshToken);
      expect(rotated.body.organization.role).toBe('admin');
      expect((await t.get('/v1/api-keys', { token: rotated.body.accessToken })).status).toBe(200);
    });
  });

  describe('logout', () => {
    it('revokes the login; unknown tokens are answered alike', async () => {
      const owner = await t.signup();
      const rotated = await refresh(owner.refreshToken);
      expect((await t.post('/v1/auth/logout', { refreshToken: rotated.body.refreshToken })).status).toBe(204);
      expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
      expect((await t.post('/v1/auth/logout', { refreshToken: 'unknown' })).status).toBe(204);
      expect((await t.post('/v1/auth/logout', {})).status).toBe(400);
    });
  });
});
