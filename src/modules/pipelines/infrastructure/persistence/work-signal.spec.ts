import { PgWorkSignal } from './work-signal';

/** The waiting claims' time-outs: rounded up to whole seconds, one timer per second for all the waiters due in it. */
describe('PgWorkSignal time-outs', () => {
  const config = { listen: false } as never;
  const START = 1_000_500; // half a second into a second

  beforeEach(() => jest.useFakeTimers({ now: START }));
  afterEach(() => jest.useRealTimers());

  function track(promise: Promise<void>) {
    const state = { done: false };
    void promise.then(() => (state.done = true));
    return state;
  }

  it('answers the waiters due in one second with one timer, never before their time', async () => {
    const signal = new PgWorkSignal(config);
    const a = track(signal.wait('org-a', 1_200).promise); // due 1,001,700 → the second ending 1,002,000
    const b = track(signal.wait('org-b', 1_400).promise); // due 1,001,900 → the same second
    const c = track(signal.wait('org-a', 1_600).promise); // due 1,002,100 → the next second
    expect(jest.getTimerCount()).toBe(2);

    await jest.advanceTimersByTimeAsync(1_499); // 1,001,999
    expect([a.done, b.done, c.done]).toEqual([false, false, false]);
    await jest.advanceTimersByTimeAsync(2); // 1,002,001
    expect([a.done, b.done, c.done]).toEqual([true, true, false]);
    expect(signal.waiting).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(c.done).toBe(true);
    expect(signal.waiting).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('forgets a cancelled waiter, and the second’s timer once it has none left', async () => {
    const signal = new PgWorkSignal(config);
    const first = signal.wait('org-a', 1_000);
    const second = signal.wait('org-b', 1_000);
    first.cancel();
    expect(jest.getTimerCount()).toBe(1);
    second.cancel();
    expect(jest.getTimerCount()).toBe(0);
    expect(signal.waiting).toBe(0);
  });

  it('wakes an organization’s waiters at once when work is queued, leaving the others waiting', async () => {
    const signal = new PgWorkSignal(config); // no LISTEN connection: the wake-up is in-process
    const a = track(signal.wait('org-a', 30_000).promise);
    const b = track(signal.wait('org-b', 30_000).promise);
    signal.queued('org-a');
    await jest.advanceTimersByTimeAsync(0);
    expect([a.done, b.done]).toEqual([true, false]);
    expect(jest.getTimerCount()).toBe(1);
  });

  it('answers every waiter when the process shuts down', async () => {
    const signal = new PgWorkSignal(config);
    const a = track(signal.wait('org-a', 30_000).promise);
    await signal.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(0);
    expect(a.done).toBe(true);
    expect(signal.stopping).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
