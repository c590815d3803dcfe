import { afterFailure, take } from './rate-window';

describe('sliding rate windows', () => {
  const window = { limit: 3, windowMs: 1000 };

  it('grants up to the limit in any window, then says how long to wait', () => {
    let grants: number[] = [];
    for (const at of [0, 100, 200]) {
      const g = take(grants, window, at);
      expect(g.granted).toBe(true);
      grants = g.grants;
    }
    const refused = take(grants, window, 500);
    expect(refused).toEqual({ granted: false, waitMs: 500, grants: [0, 100, 200] });
    // At 1000 the first grant has left the window.
    const later = take(grants, window, 1000);
    expect(later).toEqual({ granted: true, grants: [100, 200, 1000] });
  });

  it('never allows more than the limit in any window, even at a boundary (no fixed-window burst)', () => {
    let grants: number[] = [];
    const times: number[] = [];
    for (let now = 0; now < 5000; now += 7) {
      const g = take(grants, window, now);
      grants = g.grants;
      if (g.granted) times.push(now);
    }
    for (let i = 0; i + window.limit < times.length; i += 1) expect(times[i + window.limit] - times[i]).toBeGreaterThanOrEqual(window.windowMs);
  });

  it('opens the circuit after the threshold of consecutive failures', () => {
    const policy = { threshold: 3, cooldownMs: 500 };
    expect(afterFailure(0, policy, 1000)).toEqual({ failures: 1, openUntil: null });
    expect(afterFailure(2, policy, 1000)).toEqual({ failures: 3, openUntil: 1500 });
  });
});
