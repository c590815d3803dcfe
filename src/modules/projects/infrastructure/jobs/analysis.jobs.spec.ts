import { isDue } from './analysis.jobs';

describe('analysis schedule', () => {
  const at = (iso: string) => new Date(iso);

  it('fires once the next occurrence after the last one has come', () => {
    expect(isDue('0 3 * * *', at('2025-01-06T03:00:00Z'), at('2025-01-07T02:59:59Z'))).toBe(false);
    expect(isDue('0 3 * * *', at('2025-01-06T03:00:00Z'), at('2025-01-07T03:00:00Z'))).toBe(true);
    expect(isDue('*/15 * * * *', at('2025-01-06T10:00:00Z'), at('2025-01-06T10:14:00Z'))).toBe(false);
    expect(isDue('*/15 * * * *', at('2025-01-06T10:00:00Z'), at('2025-01-06T10:16:00Z'))).toBe(true);
  });

  it('never fires on an unreadable schedule', () => {
    expect(isDue('not a cron', at('2020-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toBe(false);
  });
});
