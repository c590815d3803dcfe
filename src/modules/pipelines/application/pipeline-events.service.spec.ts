import { mirroredStatus } from './pipeline-events.service';

describe('GitHub Actions statuses as execution statuses', () => {
  it('maps status and conclusion', () => {
    expect(mirroredStatus('queued')).toBe('queued');
    expect(mirroredStatus('waiting')).toBe('queued');
    expect(mirroredStatus('in_progress')).toBe('running');
    expect(mirroredStatus('completed', 'success')).toBe('succeeded');
    expect(mirroredStatus('completed', 'skipped')).toBe('succeeded');
    expect(mirroredStatus('completed', 'cancelled')).toBe('cancelled');
    expect(mirroredStatus('completed', 'timed_out')).toBe('timed_out');
    expect(mirroredStatus('completed', 'failure')).toBe('failed');
    expect(mirroredStatus('completed', 'startup_failure')).toBe('failed');
  });
});
