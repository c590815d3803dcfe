/** Limits of metric ingestion and queries (documented in the README and the OpenAPI descriptions). */
export const MAX_POINTS_PER_BATCH = 5000;
/** A query returns at most this many buckets: the window divided by the bucket size. */
export const MAX_BUCKETS = 2000;
export const MAX_WINDOW_DAYS = 400;

export const AGGREGATES = ['avg', 'min', 'max', 'p95', 'count', 'sum'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/**
 * The bucket size for a window: the one asked (checked against MAX_BUCKETS), else the smallest
 * of the usual sizes that keeps the answer within 500 buckets.
 */
export function bucketSeconds(from: Date, to: Date, requested?: number): number {
  const span = (to.getTime() - from.getTime()) / 1000;
  if (requested !== undefined) return requested;
  const sizes = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400, 7 * 86_400];
  return sizes.find((size) => span / size <= 500) ?? 7 * 86_400;
}

/** A problem with the window, or undefined when it is valid. */
export function windowProblem(from: Date, to: Date, bucket: number): string | undefined {
  const span = (to.getTime() - from.getTime()) / 1000;
  if (!(span > 0)) return '`from` must be before `to`';
  if (span > MAX_WINDOW_DAYS * 86_400) return `The window may span at most ${MAX_WINDOW_DAYS} days`;
  if (span / bucket > MAX_BUCKETS) return `The window holds ${Math.ceil(span / bucket)} buckets of ${bucket} s; at most ${MAX_BUCKETS}: choose a larger bucket`;
  return undefined;
}
