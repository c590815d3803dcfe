import { Injectable } from '@nestjs/common';
import { InvalidWindowError, TooManyPointsError } from '../domain/analytics.errors';
import { bucketSeconds, MAX_POINTS_PER_BATCH, windowProblem } from '../domain/metric-query';
import { BucketRow, MetricName, MetricPoint, MetricStore } from './metric-store';

export interface SeriesQuery {
  name: string;
  tags: Record<string, string>;
  from: Date;
  to: Date;
  bucketSeconds?: number;
}

export interface SeriesAnswer {
  name: string;
  tags: Record<string, string>;
  from: Date;
  to: Date;
  bucketSeconds: number;
  unit: string;
  buckets: Array<Omit<BucketRow, 'unit'>>;
}

/** Metric series: batch ingestion and downsampled queries. */
@Injectable()
export class MetricsService {
  constructor(private readonly store: MetricStore) {}

  async ingest(points: MetricPoint[]): Promise<{ received: number; written: number }> {
    if (points.length > MAX_POINTS_PER_BATCH) throw new TooManyPointsError(points.length, MAX_POINTS_PER_BATCH);
    const latest = Date.now() + 86_400_000;
    if (points.some((p) => p.time.getTime() > latest)) throw new InvalidWindowError('A point is more than one day in the future');
    const written = points.length ? await this.store.ingest(points) : 0;
    return { received: points.length, written };
  }

  async series(query: SeriesQuery): Promise<SeriesAnswer> {
    const bucket = bucketSeconds(query.from, query.to, query.bucketSeconds);
    const problem = windowProblem(query.from, query.to, bucket);
    if (problem) throw new InvalidWindowError(problem);
    const rows = await this.store.downsample({ name: query.name, tags: query.tags, from: query.from, to: query.to }, bucket);
    return {
      name: query.name,
      tags: query.tags,
      from: query.from,
      to: query.to,
      bucketSeconds: bucket,
      unit: rows[0]?.unit ?? '',
      buckets: rows.map(({ unit: _unit, ...bucketRow }) => bucketRow),
    };
  }

  names(): Promise<MetricName[]> {
    return this.store.names();
  }
}
