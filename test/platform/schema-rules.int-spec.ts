import { TestApp } from '../support/test-app';

/**
 * The schema rules every module's migrations must keep (SPEC.md "Tenancy" and §4): checked on
 * the migrated database, so a new table that forgets one fails here.
 */
describe('schema rules for tenant tables', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const TENANT_TABLES = `
    select c.oid, c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)`;

  it('row-level security is enabled and forced on every table with organization_id, with a policy', async () => {
    const tables = await t.sql(`
      select t.table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             exists (select 1 from pg_policy p where p.polrelid = c.oid) as "hasPolicy"
      from (${TENANT_TABLES}) t join pg_class c on c.oid = t.oid order by 1`);
    expect(tables.map((r) => r.table)).toEqual(
      expect.arrayContaining(['api_keys', 'audit_logs', 'idempotency_records', 'invitations', 'memberships', 'refresh_tokens']),
    );
    expect(tables.filter((r) => !(r.enabled && r.forced && r.hasPolicy))).toEqual([]);
    const [organizations] = await t.sql(`select relrowsecurity and relforcerowsecurity as secured from pg_class where relname = 'organizations'`);
    expect(organizations.secured).toBe(true);
  });

  it('organization_id is NOT NULL and references organizations with ON DELETE CASCADE', async () => {
    // job_queue also carries system-wide jobs, which belong to no organization (RLS hides them from every tenant).
    const nullable = ['job_queue'];
    const broken = await t.sql(
      `
      select t.table from (${TENANT_TABLES}) t
      where (t.table <> all($1) and exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'organization_id' and not a.attnotnull))
         or not exists (
           select 1 from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
           where k.conrelid = t.oid and k.contype = 'f' and k.confrelid = 'organizations'::regclass
             and a.attname = 'organization_id' and k.confdeltype = 'c')`,
      [nullable],
    );
    expect(broken).toEqual([]);
  });

  it('every unique constraint or index (beyond the random primary key) includes organization_id', async () => {
    const broken = await t.sql(`
      select t.table, i.relname as index from (${TENANT_TABLES}) t
      join pg_index x on x.indrelid = t.oid join pg_class i on i.oid = x.indexrelid
      where x.indisunique and not x.indisprimary
        and not exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'organization_id' and a.attnum = any(x.indkey))
      order by 1, 2`);
    expect(broken).toEqual([]);
  });

  it('the runtime role has no privilege that bypasses RLS', async () => {
    const [role] = await t.sql(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'switchyard_app'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned = await t.sql(`select relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'switchyard_app'`);
    expect(owned).toEqual([]);
  });
});
