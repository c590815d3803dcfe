import { HourlyPoint } from '../domain/anomaly-detection';

export interface MetricPoint {
  name: string;
  time: Date;
  value: number;
  unit: string;
  tags: Record<string, string>;
}

export interface SeriesSelector {
  name: string;
  /** Points whose tags contain these (all series of the name when empty). */
  tags: Record<string, string>;
  from: Date;
  to: Date;
}

export interface BucketRow {
  bucket: Date;
  avg: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  p95: number;
  unit: string;
}

export interface MetricName {
  name: string;
  series: number;
  lastAt: Date;
  unit: string;
}

/** Port: the organization's metric points. */
export abstract class MetricStore {
  /** Writes the batch in one statement; answers how many points were new. */
  abstract ingest(points: readonly MetricPoint[]): Promise<number>;
  abstract downsample(selector: SeriesSelector, bucketSeconds: number): Promise<BucketRow[]>;
  abstract hourly(selector: SeriesSelector): Promise<HourlyPoint[]>;
  /** Average over the window, null without points. */
  abstract average(selector: SeriesSelector): Promise<number | null>;
  abstract names(): Promise<MetricName[]>;
}
