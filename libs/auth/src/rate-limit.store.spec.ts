import { InMemoryRateLimitStore } from './rate-limit.store';

describe('InMemoryRateLimitStore', () => {
  let now: number;
  let store: InMemoryRateLimitStore;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    store = new InMemoryRateLimitStore();
  });
  afterEach(() => jest.restoreAllMocks());

  it('counts hits per key within a fixed window', () => {
    expect(store.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 10_000;
    expect(store.hit('a', 60_000)).toEqual({ count: 2, resetInMs: 50_000 });
    expect(store.hit('b', 60_000).count).toBe(1);
  });

  it('starts a new window once the old one ends', () => {
    store.hit('a', 1_000);
    store.hit('a', 1_000);
    now += 1_000;
    expect(store.peek('a')).toBeUndefined();
    expect(store.hit('a', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
  });

  it('peeks without counting, and reset forgets the key', () => {
    expect(store.peek('a')).toBeUndefined();
    store.hit('a', 60_000);
    expect(store.peek('a')).toEqual({ count: 1, resetInMs: 60_000 });
    expect(store.peek('a')).toEqual({ count: 1, resetInMs: 60_000 });
    store.reset('a');
    expect(store.peek('a')).toBeUndefined();
    expect(store.hit('a', 60_000).count).toBe(1);
  });

  it('sweeps finished windows so memory follows active callers', () => {
    for (let i = 0; i < 100; i += 1) store.hit(`k${i}`, 1_000);
    now += 61_000;
    store.hit('fresh', 1_000);
    const windows = (store as unknown as { windows: Map<string, unknown> }).windows;
    expect([...windows.keys()]).toEqual(['fresh']);
  });
});
