import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API-key authentication checks the secret inside the SECURITY DEFINER function, so that only a
 * successful authentication records the key's last use (a wrong secret, or an expired key, used
 * to stamp last_used_at too) and the secret hash never leaves the database. Still one round trip.
 */
export class ApiKeyAuthChecksSecret1733100000001 implements MigrationInterface {
  name = 'ApiKeyAuthChecksSecret1733100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auth_api_key_verify(p_key_id uuid, p_secret_hash bytea)
      RETURNS TABLE (organization_id uuid, role text, expires_at timestamptz)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        -- Last use is recorded at most once a minute per key, so a busy key does not write per request.
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
    // auth_api_key(uuid) stays for now: the benchmark baseline still calls it. The service no longer does.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION auth_api_key_verify(uuid, bytea)`);
  }
}
