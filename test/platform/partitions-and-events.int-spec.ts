import { TenantTransaction } from '@switchyard/database';
import { EventLog } from '@switchyard/events';
import { PartitionMaintenanceJob } from '@switchyard/jobs';
import { ClsService } from 'nestjs-cls';
import { randomBytes } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';

const OPERATOR_TOKEN = randomBytes(36).toString('base64url');

/**
 * Time-partitioned tables (partition_register / partition_maintain, migration PartitionsAndEvents)
 * and the event log every module publishes to, which is the first such table.
 */
describe('partitioned tables and the event log', () => {
  let t: TestApp;
  let first: Session;
  let second: Session;
  beforeAll(async () => {
    t = await TestApp.start({ PLATFORM_OPERATOR_TOKEN: OPERATOR_TOKEN });
    first = await t.signup();
    second = await t.signup();
  });
  afterAll(() => t.close());

  const inTenant = <T>(organizationId: string, fn: () => Promise<T>) =>
    t.app.get(ClsService).run(() => t.app.get(TenantTransaction).run({ organizationId }, fn));
  const publish = (organizationId: string, type: string, extra: Record<string, unknown> = {}) =>
    inTenant(organizationId, () => t.app.get(EventLog).publish({ type, source: 'tests', entityType: 'task', entityId: 'T-1', ...extra }));
  const eventsSeenBy = (organizationId: string) =>
    inTenant(organizationId, () => t.app.get(TenantTransaction).query<{ type: string; organization_id: string }>('select type, organization_id from events'));
  const partitions = async (table: string) =>
    (
      await t.sql<{ relname: string }>(
        `select c.relname from pg_inherits h join pg_class c on c.oid = h.inhrelid where h.inhparent = $1::regclass order by 1`,
        [table],
      )
    ).map((row) => row.relname);
  const monthName = (table: string, monthsFromNow: number) => {
    const now = new Date();
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
    return `${table}_p${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  };

  it('publishes in the caller transaction, and each organization reads only its own events', async () => {
    await publish(first.organization.id, 'tests.thing.happened', { payload: { n: 1 }, severity: 'warning' });
    await publish(second.organization.id, 'tests.other.happened');
    const seen = await eventsSeenBy(first.organization.id);
    expect(seen.map((row) => row.type)).toEqual(['tests.thing.happened']);
    expect(seen.every((row) => row.organization_id === first.organization.id)).toBe(true);
    const [stored] = await t.sql(`select * from events where organization_id = $1`, [first.organization.id]);
    expect(stored).toMatchObject({ source: 'tests', entity_type: 'task', entity_id: 'T-1', severity: 'warning', payload: { n: 1 }, actor_type: 'system' });
  });

  it('writes nothing when the publishing transaction rolls back', async () => {
    await expect(
      inTenant(first.organization.id, async () => {
        await t.app.get(EventLog).publish({ type: 'tests.rolled.back', source: 'tests' });
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await t.sql(`select 1 from events where type = 'tests.rolled.back'`)).toHaveLength(0);
  });

  it('refuses a badly named event type (the table checks the shape)', async () => {
    await expect(publish(first.organization.id, 'Not A Type')).rejects.toThrow(/events_type_check/);
  });

  it('keeps the partitions ahead, and the runtime role cannot reach a partition past the tenant policy', async () => {
    const names = await partitions('events');
    for (const month of [-1, 0, 1, 2, 3]) expect(names).toContain(monthName('events', month));
    await expect(inTenant(first.organization.id, () => t.app.get(TenantTransaction).query(`select * from ${monthName('events', 0)}`))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('maintenance creates missing partitions, deletes rows past an organization’s retention and drops partitions past the longest', async () => {
    // An organization that keeps events 30 days, and one old event of each organization.
    await t.sql(`update organizations set settings = jsonb_set(settings, '{retentionDays}', '{"events": 30}') where id = $1`, [first.organization.id]);
    await t.sql(
      `insert into events (organization_id, occurred_at, type, source) values ($1, now() - interval '40 days', 'tests.old.one', 'tests'), ($2, now() - interval '40 days', 'tests.old.one', 'tests')`,
      [first.organization.id, second.organization.id],
    );
    // A partition far in the past (beyond a year) and a missing one ahead.
    await t.sql(`select partition_create('events', 'month', partition_period_start('month', now() - interval '30 months'))`);
    await t.sql(`drop table ${monthName('events', 3)}`);

    const report = await t.app.get(PartitionMaintenanceJob).maintain();

    expect(report.events.created).toBe(1);
    expect(report.events.dropped).toBeGreaterThanOrEqual(1);
    expect(report.events.deleted).toBeGreaterThanOrEqual(1);
    const names = await partitions('events');
    expect(names).toContain(monthName('events', 3));
    expect(names).not.toContain(monthName('events', -30));
    const old = await t.sql<{ organization_id: string }>(`select organization_id from events where type = 'tests.old.one'`);
    expect(old.map((row) => row.organization_id)).toEqual([second.organization.id]);
    // Recent events of the short-retention organization stay.
    expect(await t.sql(`select 1 from events where organization_id = $1 and type = 'tests.thing.happened'`, [first.organization.id])).toHaveLength(1);
  });

  it('runs as the platform job partition-maintenance', async () => {
    const response = await t.post('/v1/admin/jobs/partition-maintenance/run', undefined, { token: OPERATOR_TOKEN });
    expect(response.status).toBe(200);
    expect(response.body.result.events).toEqual({ created: 0, dropped: 0, deleted: expect.any(Number) });
  });
});
