import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys are checked by auth_enter() (migration LiveAuthorization), inside the request's first
 * statement. The two functions that checked them before the tenant transaction are no longer
 * called by anything: a SECURITY DEFINER function nobody needs is only attack surface.
 */
export class DropUnusedApiKeyFunctions1733600000000 implements MigrationInterface {
  name = 'DropUnusedApiKeyFunctions1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS auth_api_key_verify(uuid, bytea); DROP FUNCTION IF EXISTS auth_api_key(uuid)`);
  }

  /** Restores the checking one; auth_api_key, which handed the secret's hash out, stays gone. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auth_api_key_verify(p_key_id uuid, p_secret_hash bytea)
      RETURNS TABLE (organization_id uuid, role text, expires_at timestamptz)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        UPDATE api_keys k SET last_used_at = now()
          WHERE k.id = p_key_id AND k.secret_hash = p_secret_hash
            AND (k.expires_at IS NULL OR k.expires_at > now())
            AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
        RETURN QUERY SELECT k.organization_id, k.role, k.expires_at FROM api_keys k
          WHERE k.id = p_key_id AND k.secret_hash = p_secret_hash;
      END $$;
      REVOKE ALL ON FUNCTION auth_api_key_verify(uuid, bytea) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_api_key_verify(uuid, bytea) TO switchyard_app;
    `);
  }
}
