import { MemoryRateLimitStorage } from './memory-rate-limit.storage';

describe('MemoryRateLimitStorage', () => {
  let now: number;
  let storage: MemoryRateLimitStorage;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new MemoryRateLimitStorage();
  });
  afterEach(() => jest.restoreAllMocks());

  it('counts hits per key and throttler name within a fixed window', async () => {
    expect(await storage.increment('a', 60_000, 2, 60_000, 'org')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 10_500;
    expect(await storage.increment('a', 60_000, 2, 60_000, 'org')).toEqual({ totalHits: 2, timeToExpire: 50, isBlocked: false, timeToBlockExpire: 0 });
    expect(await storage.increment('a', 60_000, 2, 60_000, 'org')).toEqual({ totalHits: 3, timeToExpire: 50, isBlocked: true, timeToBlockExpire: 50 });
    expect((await storage.increment('a', 60_000, 2, 60_000, 'key')).totalHits).toBe(1);
    expect((await storage.increment('b', 60_000, 2, 60_000, 'org')).totalHits).toBe(1);
  });

  it('starts a new window once the old one ends', async () => {
    await storage.increment('a', 1_000, 5, 1_000, 'login');
    await storage.increment('a', 1_000, 5, 1_000, 'login');
    now += 1_000;
    expect(await storage.peek('a', 'login')).toBeUndefined();
    expect((await storage.increment('a', 1_000, 5, 1_000, 'login')).totalHits).toBe(1);
  });

  it('peeks without counting, and reset forgets the key', async () => {
    expect(await storage.peek('a', 'login')).toBeUndefined();
    await storage.increment('a', 60_000, 5, 60_000, 'login');
    expect(await storage.peek('a', 'login')).toEqual({ totalHits: 1, timeToExpire: 60 });
    expect(await storage.peek('a', 'login')).toEqual({ totalHits: 1, timeToExpire: 60 });
    await storage.reset('a', 'login');
    expect(await storage.peek('a', 'login')).toBeUndefined();
    expect((await storage.increment('a', 60_000, 5, 60_000, 'login')).totalHits).toBe(1);
  });

  it('refunds one hit of the current window, never below zero, never into the next window', async () => {
    await storage.increment('a', 1_000, 5, 1_000, 'login');
    await storage.increment('a', 1_000, 5, 1_000, 'login');
    await storage.refund('a', 'login');
    expect((await storage.peek('a', 'login'))?.totalHits).toBe(1);
    await storage.refund('a', 'login');
    await storage.refund('a', 'login');
    expect((await storage.peek('a', 'login'))?.totalHits).toBe(0);
    await storage.refund('unknown', 'login');
    expect(await storage.peek('unknown', 'login')).toBeUndefined();
    now += 1_000;
    await storage.refund('a', 'login');
    expect((await storage.increment('a', 1_000, 5, 1_000, 'login')).totalHits).toBe(1);
  });

  it('sweeps finished windows so memory follows active callers', async () => {
    for (let i = 0; i < 100; i += 1) await storage.increment(`k${i}`, 1_000, 5, 1_000, 'login');
    now += 61_000;
    await storage.increment('fresh', 1_000, 5, 1_000, 'login');
    const windows = (storage as unknown as { windows: Map<string, unknown> }).windows;
    expect([...windows.keys()]).toEqual(['login:fresh']);
  });
});
