import { Injectable } from '@nestjs/common';
import { Metrics } from '@switchyard/observability';
import { Counter, Histogram } from 'prom-client';
import { WebhookMetrics } from '../../application/ports';

/** `webhook_rejected_total{platform,reason}` (all a refused webhook leaves), accepted and processed counts, processing lag. */
@Injectable()
export class WebhookMetricsAdapter extends WebhookMetrics {
  private readonly rejectedTotal: Counter<'platform' | 'reason'>;
  private readonly acceptedTotal: Counter<'platform' | 'duplicate'>;
  private readonly lag: Histogram<'platform' | 'status'>;

  constructor(metrics: Metrics) {
    super();
    const registers = [metrics.registry];
    this.rejectedTotal = new Counter({
      name: 'webhook_rejected_total',
      help: 'Webhooks refused (unknown integration, bad or stale signature)',
      labelNames: ['platform', 'reason'],
      registers,
    });
    this.acceptedTotal = new Counter({
      name: 'webhook_accepted_total',
      help: 'Webhooks accepted (stored and queued, or duplicates)',
      labelNames: ['platform', 'duplicate'],
      registers,
    });
    this.lag = new Histogram({
      name: 'webhook_processing_lag_seconds',
      help: 'Receipt to end of processing of webhook deliveries',
      labelNames: ['platform', 'status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
  }

  rejected(platform: string, reason: string): void {
    this.rejectedTotal.inc({ platform, reason });
  }

  accepted(platform: string, duplicate: boolean): void {
    this.acceptedTotal.inc({ platform, duplicate: String(duplicate) });
  }

  processed(platform: string, status: string, lagMs: number): void {
    this.lag.observe({ platform, status }, lagMs / 1000);
  }
}
