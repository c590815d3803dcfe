import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook lag in the platform operator's system health (issue 14): per platform over the last hour,
 * the deliveries received, those not yet finished, the age of the oldest unfinished one, and the
 * processing lag (received → processed) p50/p95. Figures only, no tenant rows: a SECURITY DEFINER
 * function like analytics_system_health(), which landed before the integrations tables existed
 * on its branch and is left as it is.
 */
export class SystemHealthWebhookLag1734400000000 implements MigrationInterface {
  name = 'SystemHealthWebhookLag1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION analytics_webhook_lag() RETURNS jsonb
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT coalesce(jsonb_agg(w ORDER BY w.platform), '[]'::jsonb) FROM (
          SELECT d.platform,
                 count(*)::integer AS deliveries,
                 (count(*) FILTER (WHERE d.status IN ('queued', 'processing', 'failed')))::integer AS pending,
                 (count(*) FILTER (WHERE d.status = 'dead'))::integer AS dead,
                 round(extract(epoch FROM now() - min(d.received_at) FILTER (WHERE d.status IN ('queued', 'processing', 'failed')))::numeric, 3) AS oldest_pending_seconds,
                 round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.processed_at - d.received_at)))::numeric, 3) AS lag_p50_seconds,
                 round((percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.processed_at - d.received_at)))::numeric, 3) AS lag_p95_seconds
          FROM webhook_deliveries d
          WHERE d.received_at >= now() - interval '1 hour'
          GROUP BY d.platform
        ) w
      $$;
      REVOKE ALL ON FUNCTION analytics_webhook_lag() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION analytics_webhook_lag() TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION analytics_webhook_lag()`);
  }
}
