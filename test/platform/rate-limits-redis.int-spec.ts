import { RateLimitStorage, RedisRateLimitStorage } from '@switchyard/auth';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { TestApp } from '../support/test-app';

// Redis runs beside PostgreSQL in development and CI (README, "Tests"). Each run counts under
// its own key prefix, so runs never see each other's counters.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `switchyard-test:${process.pid}:${randomUUID()}:`;

describe('rate limits shared through Redis', () => {
  const opened: RedisRateLimitStorage[] = [];
  const storage = (keyPrefix = prefix, url = REDIS_URL) => {
    const created = new RedisRateLimitStorage(url, keyPrefix);
    opened.push(created);
    return created.connected();
  };
  afterAll(() => opened.forEach((s) => s.onApplicationShutdown()));

  it('two storages on the same Redis and prefix count against one limit, as two replicas would', async () => {
    const [a, b] = await Promise.all([storage(), storage()]);
    const key = randomUUID();
    expect((await a.increment(key, 60_000, 2, 60_000, 'org')).totalHits).toBe(1);
    expect((await b.increment(key, 60_000, 2, 60_000, 'org')).totalHits).toBe(2);
    const third = await a.increment(key, 60_000, 2, 60_000, 'org');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(third.timeToExpire).toBeGreaterThanOrEqual(1);
    expect(third.timeToExpire).toBeLessThanOrEqual(60);
    // Another prefix (another deployment on the same Redis) has its own counters.
    expect((await (await storage(`${prefix}other:`)).increment(key, 60_000, 2, 60_000, 'org')).totalHits).toBe(1);
  });

  it('peek reads what another replica counted without counting; reset clears it for all', async () => {
    const [a, b] = await Promise.all([storage(), storage()]);
    const key = randomUUID();
    expect(await b.peek(key, 'login')).toBeUndefined();
    await a.increment(key, 900_000, 10, 900_000, 'login');
    await a.increment(key, 900_000, 10, 900_000, 'login');
    const seen = await b.peek(key, 'login');
    expect(seen?.totalHits).toBe(2);
    expect(seen!.timeToExpire).toBeGreaterThan(800);
    expect((await b.peek(key, 'login'))?.totalHits).toBe(2);
    await b.reset(key, 'login');
    expect(await a.peek(key, 'login')).toBeUndefined();
    expect((await a.increment(key, 900_000, 10, 900_000, 'login')).totalHits).toBe(1);
  });

  it('refund takes back one hit of the shared window, keeps its expiry, never goes below zero', async () => {
    const [a, b] = await Promise.all([storage(), storage()]);
    const key = randomUUID();
    await b.refund(key, 'password-account'); // no window: nothing to take back, no key created
    expect(await a.peek(key, 'password-account')).toBeUndefined();
    await a.increment(key, 900_000, 10, 900_000, 'password-account');
    await a.increment(key, 900_000, 10, 900_000, 'password-account');
    await b.refund(key, 'password-account');
    const seen = await a.peek(key, 'password-account');
    expect(seen?.totalHits).toBe(1);
    expect(seen!.timeToExpire).toBeGreaterThan(800);
    await b.refund(key, 'password-account');
    await b.refund(key, 'password-account');
    expect((await a.peek(key, 'password-account'))?.totalHits).toBe(0);
    expect((await a.increment(key, 900_000, 10, 900_000, 'password-account')).totalHits).toBe(1);
  });

  it('fails open while Redis is unreachable: nothing counted, nothing refused, no exception', async () => {
    const server = createServer((socket) => socket.destroy()); // accepts, then hangs up at once
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const down = new RedisRateLimitStorage(`redis://127.0.0.1:${port}`, prefix);
      opened.push(down);
      expect(await down.increment(randomUUID(), 60_000, 1, 60_000, 'org')).toMatchObject({ totalHits: 0, isBlocked: false });
      expect(await down.peek(randomUUID(), 'login')).toBeUndefined();
      await expect(down.reset(randomUUID(), 'login')).resolves.toBeUndefined();
      await expect(down.refund(randomUUID(), 'login')).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });

  describe('the application with REDIS_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start({ REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ORG_PER_MINUTE: '5', LOGIN_MAX_ATTEMPTS: '3' });
    });
    afterAll(() => t?.close());

    it('counts its organizations in Redis: what another replica spent refuses this one', async () => {
      expect(t.app.get(RateLimitStorage)).toBeInstanceOf(RedisRateLimitStorage);
      const owner = await t.signup();
      expect((await t.get('/v1/me', { token: owner.accessToken })).status).toBe(200);
      // Another replica serves four more of this organization's requests.
      const replica = await storage();
      for (let i = 0; i < 4; i += 1) await replica.increment(owner.organization.id, 60_000, 5, 60_000, 'org');
      const refused = await t.get('/v1/me', { token: owner.accessToken });
      expect([refused.status, refused.body.code, refused.body.scope]).toEqual([429, 'AUTH.RATE_LIMITED', 'organization']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('counts password attempts in Redis before checking: 20 parallel wrong logins, at most LOGIN_MAX_ATTEMPTS checked', async () => {
      const owner = await t.signup();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, n) => t.post('/v1/auth/login', { email: owner.user.email, password: `wrong-${n}` })));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
      // Another replica sees the spent budget.
      expect((await (await storage()).peek(owner.user.email, 'password-account'))?.totalHits).toBe(20);
      expect((await t.post('/v1/auth/login', { email: owner.user.email, password: 'correct horse battery staple' })).status).toBe(429);
    });
  });
});
