import { waitForDatabase } from './wait-for-database';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('waitForDatabase', () => {
  function harness(failures: Array<Error | undefined>) {
    const delays: number[] = [];
    const log: string[] = [];
    let calls = 0;
    const probe = () => {
      const failure = failures[calls++];
      return failure ? Promise.reject(failure) : Promise.resolve();
    };
    const sleep = (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    };
    return { delays, log, probe, sleep, calls: () => calls };
  }

  it('retries refusals with exponential backoff up to the cap, then connects', async () => {
    const h = harness([refused(), refused(), refused(), refused(), undefined]);
    await waitForDatabase('postgresql://db', { attempts: 10, maxDelayMs: 500, firstDelayMs: 100, log: (m) => h.log.push(m), probe: h.probe, sleep: h.sleep });
    expect(h.delays).toEqual([100, 200, 400, 500]);
    expect(h.calls()).toBe(5);
    expect(h.log[0]).toBe('Database not reachable (ECONNREFUSED); attempt 1 of 10, retrying in 100 ms');
    expect(h.log.at(-1)).toBe('Database reachable after 5 attempts');
  });

  it('gives up after the configured attempts with the last error', async () => {
    const h = harness([refused(), refused(), refused(), undefined]);
    const waiting = waitForDatabase('postgresql://db', { attempts: 3, maxDelayMs: 500, log: (m) => h.log.push(m), probe: h.probe, sleep: h.sleep });
    await expect(waiting).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.calls()).toBe(3);
    expect(h.delays).toHaveLength(2);
  });

  it('fails at once on an error a retry cannot fix (wrong password)', async () => {
    const h = harness([Object.assign(new Error('password authentication failed'), { code: '28P01' }), undefined]);
    const waiting = waitForDatabase('postgresql://db', { attempts: 10, maxDelayMs: 500, log: (m) => h.log.push(m), probe: h.probe, sleep: h.sleep });
    await expect(waiting).rejects.toMatchObject({ code: '28P01' });
    expect(h.calls()).toBe(1);
    expect(h.log).toEqual([]);
  });

  it('logs nothing when the first attempt connects', async () => {
    const h = harness([undefined]);
    await waitForDatabase('postgresql://db', { attempts: 10, maxDelayMs: 500, log: (m) => h.log.push(m), probe: h.probe, sleep: h.sleep });
    expect([h.calls(), h.delays, h.log]).toEqual([1, [], []]);
  });
});
