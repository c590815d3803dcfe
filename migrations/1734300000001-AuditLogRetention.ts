import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit log retention (the scheduled job `audit-log-retention`, libs/jobs): entries older than
 * each organization's retention — organizations.settings.retentionDays.auditLogs, else the
 * default the job passes (AUDIT_LOG_RETENTION_DAYS) — are deleted, in batches so one run never
 * holds a long transaction. audit_logs is not partitioned (its rows are few next to events and
 * executions); the (organization_id, created_at) index makes each organization's delete a range.
 * SECURITY DEFINER: it deletes across organizations, which no tenant transaction could.
 */
export class AuditLogRetention1734300000001 implements MigrationInterface {
  name = 'AuditLogRetention1734300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_log_purge(p_default_days integer, p_batch integer) RETURNS bigint
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        o record;
        v_total bigint := 0;
        v_n bigint;
        v_budget bigint := p_batch;
      BEGIN
        FOR o IN SELECT id, organization_retention_days(settings, 'auditLogs', p_default_days) AS days FROM organizations LOOP
          EXIT WHEN v_budget <= 0;
          DELETE FROM audit_logs WHERE ctid IN (
            SELECT ctid FROM audit_logs
            WHERE organization_id = o.id AND created_at < now() - make_interval(days => o.days)
            LIMIT v_budget);
          GET DIAGNOSTICS v_n = ROW_COUNT;
          v_total := v_total + v_n;
          v_budget := v_budget - v_n;
        END LOOP;
        RETURN v_total;
      END $$;
      REVOKE ALL ON FUNCTION audit_log_purge(integer, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION audit_log_purge(integer, integer) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_log_purge(integer, integer)`);
  }
}
