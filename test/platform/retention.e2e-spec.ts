import { randomUUID } from 'node:crypto';
import { RETENTION_KEYS } from '../../src/modules/organizations/domain/retention';
import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';

/**
 * Retention per organization: settings.retentionDays (validated by the organizations module),
 * applied by the scheduled maintenance (audit-log-retention here; partition_maintain reads the
 * same settings), reported in /metrics.
 */
describe('retention: per-organization settings, the audit log job, /metrics', () => {
  let t: TestApp;
  let short: Session;
  let standard: Session;

  beforeAll(async () => {
    t = await TestApp.start({ AUDIT_LOG_RETENTION_DAYS: '90' });
    short = await t.signup();
    standard = await t.signup();
  });
  afterAll(() => t.close());

  const organization = async (session: Session) => (await t.get('/v1/organization', { token: session.accessToken })).body;
  const setSettings = async (session: Session, settings: Record<string, unknown>) =>
    t.patch('/v1/organization', { version: (await organization(session)).version, settings }, { token: session.accessToken });

  it('accepts retentionDays of the known kinds in whole days, refuses anything else', async () => {
    for (const bad of [
      { retentionDays: { auditLogs: 0 } },
      { retentionDays: { auditLogs: 1.5 } },
      { retentionDays: { auditLogs: '30' } },
      { retentionDays: { auditLogs: 36_501 } },
      { retentionDays: { tasks: 30 } },
      { retentionDays: [30] },
      { retentionDays: null },
    ]) {
      const response = await setSettings(short, bad);
      expect([JSON.stringify(bad), response.status, response.body.code]).toEqual([JSON.stringify(bad), 400, 'COMMON.VALIDATION_FAILED']);
    }
    const retentionDays = { auditLogs: 30, webhookDeliveries: 14, pipelines: 60, pipelineLogs: 20, metrics: 400, events: 90, componentCommunications: 7 };
    const ok = await setSettings(short, { timezone: 'UTC', retentionDays });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.retentionDays).toEqual(retentionDays);
  });

  it('the kinds accepted are exactly the ones the maintenance reads: auditLogs and the keys partitioned tables are registered with', async () => {
    const registered = await t.sql<{ key: string }>(`select distinct retention_key as key from partitioned_tables`);
    expect([...RETENTION_KEYS].sort()).toEqual(['auditLogs', ...registered.map((row) => row.key)].sort());
  });

  it('deletes audit entries past each organization’s retention (its setting, else AUDIT_LOG_RETENTION_DAYS)', async () => {
    await setSettings(short, { retentionDays: { auditLogs: 30 } });
    const entry = async (session: Session, daysAgo: number) => {
      const id = randomUUID();
      await t.sql(
        `insert into audit_logs (id, organization_id, actor_type, action, entity_type, created_at) values ($1, $2, 'system', 'test.retention', 'test', now() - make_interval(days => $3))`,
        [id, session.organization.id, daysAgo],
      );
      return id;
    };
    const shortOld = await entry(short, 45);
    const shortRecent = await entry(short, 10);
    const standardMiddle = await entry(standard, 45);
    const standardOld = await entry(standard, 100);

    const run = await t.post('/v1/admin/jobs/audit-log-retention/run', undefined, PLATFORM_OPERATOR);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ job: 'audit-log-retention', ran: true, result: { defaultDays: 90 } });
    expect(run.body.result.deleted).toBeGreaterThanOrEqual(2);

    const left = new Set(
      (await t.sql<{ id: string }>('select id from audit_logs where id = any($1)', [[shortOld, shortRecent, standardMiddle, standardOld]])).map((r) => r.id),
    );
    expect(left).toEqual(new Set([shortRecent, standardMiddle]));
  });

  it('reports retention defaults and what maintenance deleted in /metrics', async () => {
    await t.post('/v1/admin/jobs/partition-maintenance/run', undefined, PLATFORM_OPERATOR);
    const text: string = (await t.get('/metrics')).body;
    expect(text).toContain('retention_default_days{table="audit_logs",retention_key="auditLogs"} 90');
    expect(text).toMatch(/retention_default_days\{table="events",retention_key="events"\} \d+/);
    expect(text).toMatch(/maintenance_rows_deleted_total\{table="audit_logs"\} [1-9]/);
    expect(text).toContain('# TYPE maintenance_partitions_created_total counter');
  });
});
