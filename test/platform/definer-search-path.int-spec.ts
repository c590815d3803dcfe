import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Session, TestApp } from '../support/test-app';

/**
 * SECURITY DEFINER functions run as the schema owner, who bypasses RLS. PostgreSQL searches the
 * session's temporary schema FIRST for tables named without a schema unless `pg_temp` is written
 * last in the function's search_path, so a session that can run SQL as the runtime role (it may
 * create temporary tables) could shadow `partitioned_tables` or `organizations` and have the owner
 * delete another organization's rows (docs: "Writing SECURITY DEFINER Functions Safely").
 */
describe('SECURITY DEFINER functions and the temporary schema', () => {
  let t: TestApp;
  let attacker: Session;
  let victim: Session;
  beforeAll(async () => {
    t = await TestApp.start();
    attacker = await t.signup();
    victim = await t.signup();
  });
  afterAll(() => t.close());

  /**
   * Runs statements in one transaction as the runtime role (what SQL through the service could do),
   * then, back as the connecting role, answers what `check` reads, and rolls everything back.
   */
  async function asRuntimeRole(statements: Array<[string, unknown[]?]>, check: [string, unknown[]]): Promise<unknown[]> {
    const runner = t.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`select set_config('role', 'switchyard_app', true)`);
      for (const [sql, params] of statements) {
        await runner.query('savepoint s');
        try {
          await runner.query(sql, params ?? []);
          await runner.query('release savepoint s');
        } catch {
          await runner.query('rollback to savepoint s');
        }
      }
      await runner.query('reset role');
      return await runner.query(check[0], check[1]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('every SECURITY DEFINER function of the schema searches pg_temp last', async () => {
    const functions = await t.sql<{ name: string; config: string[] | null }>(`
      select p.oid::regprocedure::text as name, p.proconfig as config from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.prosecdef order by 1`);
    expect(functions.length).toBeGreaterThan(0);
    const unsafe = functions.filter((f) => !(f.config ?? []).some((setting) => /^search_path=.*\bpg_temp\s*$/.test(setting)));
    expect(unsafe.map((f) => `${f.name} ${JSON.stringify(f.config)}`)).toEqual([]);
  });

  it('a temporary partitioned_tables or organizations cannot make partition_maintain() or audit_log_purge() delete another organization’s rows', async () => {
    const entry = randomUUID();
    await t.sql(
      `insert into audit_logs (id, organization_id, actor_type, action, entity_type, created_at) values ($1, $2, 'system', 'probe', 'probe', now() - interval '40 days')`,
      [entry, victim.organization.id],
    );
    const month = (offset: number) => {
      const now = new Date();
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `audit_logs_p${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    const shadow: Array<[string, unknown[]?]> = [
      [`create temp table partitioned_tables (table_name text, time_column text, period text, ahead int, retention_key text, default_retention_days int)`],
      [`insert into partitioned_tables values ('audit_logs', 'created_at', 'month', 1, 'auditLogs', 1)`],
      [`create temp table ${month(0)} (x int)`],
      [`create temp table ${month(1)} (x int)`],
      [`create temp table organizations (id uuid, settings jsonb)`],
      [
        `insert into organizations values ($1, '{"retentionDays":{"auditLogs":36500}}'), ($2, '{"retentionDays":{"auditLogs":1}}')`,
        [attacker.organization.id, victim.organization.id],
      ],
    ];
    const victimEntry: [string, unknown[]] = [`select count(*)::int as n from audit_logs where id = $1`, [entry]];
    expect(await asRuntimeRole([...shadow, [`select * from partition_maintain()`]], victimEntry)).toEqual([{ n: 1 }]);
    expect(await asRuntimeRole([...shadow, [`select audit_log_purge(365, 1000)`]], victimEntry)).toEqual([{ n: 1 }]);
    // The check sees the entry at all (so the two above are not vacuous).
    expect(await asRuntimeRole([], victimEntry)).toEqual([{ n: 1 }]);
  });
});
