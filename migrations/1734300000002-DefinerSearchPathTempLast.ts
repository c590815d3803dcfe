import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every SECURITY DEFINER function searches `pg_temp` last.
 *
 * They were declared `SET search_path = public`. PostgreSQL still searches the session's temporary
 * schema FIRST for tables and views named without a schema unless `pg_temp` is written in the
 * path, and any role may create temporary tables. So a session running SQL as the runtime role
 * could create a temporary `partitioned_tables` or `organizations` and have `partition_maintain()`
 * or `audit_log_purge()`, running as the schema owner (no RLS), delete another organization's rows
 * (test/platform/definer-search-path.int-spec.ts; PostgreSQL docs, "Writing SECURITY DEFINER
 * Functions Safely"). Functions are never looked up in pg_temp, so only relations were exposed.
 *
 * Fixed forward for every definer function of the schema, landed ones included; a new one is
 * declared `SET search_path = public, pg_temp` (the test fails otherwise).
 */
export class DefinerSearchPathTempLast1734300000002 implements MigrationInterface {
  name = 'DefinerSearchPathTempLast1734300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE f regprocedure;
      BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef LOOP
          EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f);
        END LOOP;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE f regprocedure;
      BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef LOOP
          EXECUTE format('ALTER FUNCTION %s SET search_path = public', f);
        END LOOP;
      END $$;
    `);
  }
}
