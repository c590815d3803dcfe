import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';

/** Tables holding tenant rows, with the column that names the tenant. */
const TENANT_TABLES: Array<[string, string]> = [
  ['organizations', 'id'],
  ['memberships', 'organization_id'],
  ['invitations', 'organization_id'],
  ['api_keys', 'organization_id'],
  ['refresh_tokens', 'organization_id'],
  ['audit_logs', 'organization_id'],
  ['idempotency_records', 'organization_id'],
];

/**
 * Row-level security on its own: these queries run through the app's TenantTransaction with
 * NO organization filter at all, as a repository that forgot it would.
 */
describe('row-level security stops a query that forgets the tenant filter', () => {
  let t: TestApp;
  let tx: TenantTransaction;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    tx = t.app.get(TenantTransaction);
    // Two organizations with a row in every tenant table.
    for (const session of [(a = await t.signup()), (b = await t.signup())]) {
      await t.addMember(session, 'member');
      await t.post('/v1/invitations', { email: `p-${randomUUID()}@example.test`, role: 'viewer' }, { token: session.accessToken });
      await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, { token: session.accessToken, headers: { 'idempotency-key': randomUUID() } });
    }
  });
  afterAll(() => t.close());

  it('inside B’s transaction, every tenant table shows B’s rows only', async () => {
    for (const [table, column] of TENANT_TABLES) {
      const rows = await tx.run({ organizationId: b.organization.id }, () => tx.manager.query(`select ${column} as org from ${table}`));
      expect({ table, orgs: [...new Set(rows.map((r: { org: string }) => r.org))] }).toEqual({ table, orgs: [b.organization.id] });
    }
    // The database holds A's rows all the same.
    const [{ count }] = await t.sql('select count(*)::int as count from memberships where organization_id = $1', [a.organization.id]);
    expect(count).toBe(2);
  });

  it('users are visible only as co-members of the current organization', async () => {
    const rows = await tx.run({ organizationId: b.organization.id }, () => tx.manager.query('select id from users'));
    expect(rows).toHaveLength(2);
    expect(rows.map((r: { id: string }) => r.id)).toContain(b.user.id);
    expect(rows.map((r: { id: string }) => r.id)).not.toContain(a.user.id);
  });

  it('without tenant context, every tenant table (and users) shows zero rows', async () => {
    for (const [table] of [...TENANT_TABLES, ['users']]) {
      const [{ count }] = await tx.run({}, () => tx.manager.query(`select count(*)::int as count from ${table}`));
      expect({ table, count }).toEqual({ table, count: 0 });
    }
  });

  it('writes into another tenant are refused, and updates/deletes reach nothing', async () => {
    const insert = tx.run({ organizationId: b.organization.id }, () =>
      tx.manager.query(`insert into api_keys (organization_id, name, role, secret_hash) values ($1, 'planted', 'owner', '\\x00')`, [a.organization.id]),
    );
    await expect(insert).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });

    const changed = await tx.run({ organizationId: b.organization.id }, () =>
      tx.query(`update memberships set role = 'viewer' where organization_id = $1 returning id`, [a.organization.id]),
    );
    const removed = await tx.run({ organizationId: b.organization.id }, () =>
      tx.query('delete from api_keys where organization_id = $1 returning id', [a.organization.id]),
    );
    expect([changed, removed]).toEqual([[], []]);
    const owners = await t.sql(`select 1 from memberships where organization_id = $1 and role = 'owner'`, [a.organization.id]);
    expect(owners).toHaveLength(1);
  });

  it('the runtime role is neither superuser nor BYPASSRLS, whatever role the service connected as', async () => {
    const [role] = await tx.run({ organizationId: b.organization.id }, () =>
      tx.manager.query('select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user'),
    );
    expect(role).toEqual({ name: 'switchyard_app', rolsuper: false, rolbypassrls: false });
    const [connected] = await t.sql('select current_user as name');
    expect(connected.name).not.toBe('switchyard_app');
  });

  it('the tenant setting does not outlive its transaction on the pooled connection', async () => {
    await tx.run({ organizationId: a.organization.id }, () => tx.manager.query('select 1'));
    const [after] = await t.sql(`select coalesce(current_setting('app.current_org_id', true), '') as org, current_user as name`);
    expect(after).toEqual({ org: '', name: expect.not.stringMatching(/^switchyard_app$/) });
  });
});
