import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authority comes from the live rows, not from a token's claims. `auth_enter` is the first
 * statement of every authenticated request: it checks the credential against the current
 * membership (or API key), sets the transaction-local tenant settings only when the caller is
 * entitled, and answers the caller's current role (no row: not authenticated).
 *
 * - a user: membership in the organization, user active, the session (refresh-token family)
 *   neither revoked nor expired. The membership's foreign key cascades from the organization, so
 *   a deleted organization has no membership left.
 * - an API key: the key exists with this secret, has not expired, and its creator is still an
 *   active member whose role is at least the key's (a key never outlives its creator's authority).
 *
 * `SET ROLE` cannot run inside a SECURITY DEFINER function: the caller switches to the runtime
 * role in the same SELECT (`select set_config('role', ...), r.* from auth_enter(...) r`).
 *
 * Idempotency records become the caller's: the key is scoped to organization + principal (user
 * or API key id), so one member can never replay another's response.
 */
export class LiveAuthorization1733400000000 implements MigrationInterface {
  name = 'LiveAuthorization1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auth_role_rank(p_role text) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_position(ARRAY['viewer', 'member', 'admin', 'owner'], p_role)
      $$;

      CREATE FUNCTION auth_enter(p_org uuid, p_user uuid, p_session uuid, p_key_id uuid, p_key_hash bytea, p_statement_timeout text)
      RETURNS TABLE (organization_id uuid, role text)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE v_org uuid; v_role text; v_user uuid;
      BEGIN
        IF p_key_id IS NOT NULL THEN
          SELECT k.organization_id, k.role INTO v_org, v_role
            FROM api_keys k
            JOIN memberships m ON m.organization_id = k.organization_id AND m.user_id = k.created_by
            JOIN users u ON u.id = m.user_id
           WHERE k.id = p_key_id AND k.secret_hash = p_key_hash
             AND (k.expires_at IS NULL OR k.expires_at > now())
             AND u.status = 'active'
             AND auth_role_rank(m.role) >= auth_role_rank(k.role);
          IF NOT FOUND THEN RETURN; END IF;
          -- Last use is recorded at most once a minute per key, so a busy key does not write per request.
          UPDATE api_keys k SET last_used_at = now()
           WHERE k.id = p_key_id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
          v_user := NULL;
        ELSE
          SELECT m.role INTO v_role
            FROM memberships m
            JOIN users u ON u.id = m.user_id
           WHERE m.organization_id = p_org AND m.user_id = p_user AND u.status = 'active'
             AND EXISTS (SELECT 1 FROM refresh_tokens t
                          WHERE t.family_id = p_session AND t.organization_id = p_org AND t.user_id = p_user
                            AND t.revoked_at IS NULL AND t.expires_at > now());
          IF NOT FOUND THEN RETURN; END IF;
          v_org := p_org;
          v_user := p_user;
        END IF;
        PERFORM set_config('app.current_org_id', v_org::text, true),
                set_config('app.current_user_id', coalesce(v_user::text, ''), true),
                set_config('statement_timeout', p_statement_timeout, true);
        organization_id := v_org;
        role := v_role;
        RETURN NEXT;
      END $$;
      REVOKE ALL ON FUNCTION auth_enter(uuid, uuid, uuid, uuid, bytea, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_enter(uuid, uuid, uuid, uuid, bytea, text) TO switchyard_app;
    `);

    // Records made before this migration belonged to the organization, not to a caller: they
    // get the nil principal, which no caller has, so they are never replayed (they expire in a day).
    await q.query(`
      ALTER TABLE idempotency_records ADD COLUMN principal_id uuid;
      UPDATE idempotency_records SET principal_id = '00000000-0000-0000-0000-000000000000';
      ALTER TABLE idempotency_records ALTER COLUMN principal_id SET NOT NULL;
      ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
      ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_pkey PRIMARY KEY (organization_id, principal_id, key);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM idempotency_records a USING idempotency_records b
       WHERE a.organization_id = b.organization_id AND a.key = b.key AND a.ctid > b.ctid;
      ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
      ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_pkey PRIMARY KEY (organization_id, key);
      ALTER TABLE idempotency_records DROP COLUMN principal_id;
      DROP FUNCTION auth_enter(uuid, uuid, uuid, uuid, bytea, text);
      DROP FUNCTION auth_role_rank(text);
    `);
  }
}
