import { newTraceId, traceIdFromTraceparent } from './trace-context';

describe('W3C traceparent', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('takes the trace id of a valid header (the specification example)', () => {
    expect(traceIdFromTraceparent(`00-${traceId}-00f067aa0ba902b7-01`)).toBe(traceId);
  });

  it('accepts a later version with more fields, as the specification asks', () => {
    expect(traceIdFromTraceparent(`01-${traceId}-00f067aa0ba902b7-01-extra`)).toBe(traceId);
  });

  it.each([
    ['absent', undefined],
    ['repeated', [`00-${traceId}-00f067aa0ba902b7-01`, `00-${traceId}-00f067aa0ba902b7-01`]],
    ['version ff', `ff-${traceId}-00f067aa0ba902b7-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['uppercase', `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01`],
    ['version 00 with extra fields', `00-${traceId}-00f067aa0ba902b7-01-extra`],
    ['garbage', 'hello'],
  ])('ignores a header that is %s', (_why, header) => {
    expect(traceIdFromTraceparent(header as string | string[] | undefined)).toBeUndefined();
  });

  it('makes new trace ids of 32 lowercase hex digits', () => {
    expect(newTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newTraceId()).not.toBe(newTraceId());
  });
});
