import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password change ends every session of the user, in every organization they belong to.
 * Refresh tokens are tenant rows (RLS shows the current organization's only), so this narrow
 * SECURITY DEFINER function revokes them across organizations, for exactly the user the
 * transaction acts for (app.current_user_id, set by auth_enter): nobody can end another's sessions.
 * auth_enter refuses an access token whose session is revoked, so they end on the next request.
 */
export class EndUserSessions1733500000000 implements MigrationInterface {
  name = 'EndUserSessions1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auth_end_user_sessions() RETURNS integer
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        WITH ended AS (
          UPDATE refresh_tokens SET revoked_at = now()
          WHERE user_id = nullif(current_setting('app.current_user_id', true), '')::uuid AND revoked_at IS NULL
          RETURNING 1
        )
        SELECT count(*)::integer FROM ended
      $$;
      REVOKE ALL ON FUNCTION auth_end_user_sessions() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_end_user_sessions() TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS auth_end_user_sessions()`);
  }
}
