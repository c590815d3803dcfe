import { isDue } from './pipelines.jobs';

describe('pipeline schedules', () => {
  const at = (iso: string) => new Date(iso);
  it('fires once the cron passed since the last firing', () => {
    expect(isDue('0 3 * * *', at('2026-11-29T03:00:00Z'), at('2026-11-30T02:59:00Z'))).toBe(false);
    expect(isDue('0 3 * * *', at('2026-11-29T03:00:00Z'), at('2026-11-30T03:00:00Z'))).toBe(true);
    expect(isDue('not a cron', at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(false);
  });
});
