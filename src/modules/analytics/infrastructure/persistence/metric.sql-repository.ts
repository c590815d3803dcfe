import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { BucketRow, MetricName, MetricPoint, MetricStore, SeriesSelector } from '../../application/metric-store';
import { InvalidWindowError } from '../../domain/analytics.errors';
import { HourlyPoint } from '../../domain/anomaly-detection';
import { AVERAGE_METRICS, DOWNSAMPLE_METRICS, HOURLY_METRICS, INGEST_METRICS, METRIC_NAMES } from './metric.sql';

/** Metric points: nothing plain here (set-based insert, aggregates over partitions), so SQL throughout. */
@Injectable()
export class MetricSqlRepository extends MetricStore {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async ingest(points: readonly MetricPoint[]): Promise<number> {
    const [row] = await this.transaction
      .query<{
        written: number;
      }>(INGEST_METRICS, [
        this.transaction.organizationId,
        points.map((p) => p.name),
        points.map((p) => p.time),
        points.map((p) => p.value),
        points.map((p) => p.unit),
        points.map((p) => JSON.stringify(p.tags)),
      ])
      .catch((error: unknown) => {
        // 23514 "no partition of relation found for row": a time outside the partitions kept.
        if ((error as { code?: string }).code === '23514')
          throw new InvalidWindowError('A point is older than the partitions kept (about one month back) or too far ahead');
        throw error;
      });
    return row.written;
  }

  async downsample(selector: SeriesSelector, bucketSeconds: number): Promise<BucketRow[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(DOWNSAMPLE_METRICS, [
      this.transaction.organizationId,
      selector.name,
      selector.from,
      selector.to,
      bucketSeconds,
      JSON.stringify(selector.tags),
    ]);
    return rows.map((r) => ({
      bucket: r.bucket as Date,
      avg: Number(r.avg),
      min: Number(r.min),
      max: Number(r.max),
      sum: Number(r.sum),
      count: Number(r.count),
      p95: Number(r.p95),
      unit: String(r.unit ?? ''),
    }));
  }

  async hourly(selector: SeriesSelector): Promise<HourlyPoint[]> {
    const rows = await this.transaction.query<{ at: Date; value: number }>(HOURLY_METRICS, [
      this.transaction.organizationId,
      selector.name,
      selector.from,
      selector.to,
      JSON.stringify(selector.tags),
    ]);
    return rows.map((r) => ({ at: new Date(r.at), value: Number(r.value) }));
  }

  async average(selector: SeriesSelector): Promise<number | null> {
    const [row] = await this.transaction.query<{ value: number | null; count: number }>(AVERAGE_METRICS, [
      this.transaction.organizationId,
      selector.name,
      selector.from,
      selector.to,
      JSON.stringify(selector.tags),
    ]);
    return row.count > 0 ? Number(row.value) : null;
  }

  async names(): Promise<MetricName[]> {
    const rows = await this.transaction.query<{ name: string; series: number; last_at: Date; unit: string }>(METRIC_NAMES, [this.transaction.organizationId]);
    return rows.map((r) => ({ name: r.name, series: r.series, lastAt: r.last_at, unit: r.unit }));
  }
}
