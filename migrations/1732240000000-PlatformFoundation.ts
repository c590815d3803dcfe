import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's base: the runtime role, tenant helpers, Organizations & Users tables, the audit
 * log and idempotency records, each with row-level security enabled AND forced, and the few
 * SECURITY DEFINER functions authentication needs before a tenant is known.
 *
 * Policies compare against nullif(current_setting(...), '')::uuid because after a
 * transaction-local set_config the setting reads '' (not NULL) on that pooled connection.
 */
export class PlatformFoundation1732240000000 implements MigrationInterface {
  name = 'PlatformFoundation1732240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE switchyard_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      GRANT USAGE ON SCHEMA public TO switchyard_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO switchyard_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO switchyard_app;
    `);

    await q.query(`
      CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
        tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'team', 'business', 'enterprise')),
        settings jsonb NOT NULL DEFAULT '{}',
        features jsonb NOT NULL DEFAULT '{}',
        limits jsonb NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organizations_slug_key UNIQUE (slug)
      );

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 320),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        preferences jsonb NOT NULL DEFAULT '{}',
        external_ids jsonb NOT NULL DEFAULT '{}',
        last_login_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email)
      );

      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_organization_user_key UNIQUE (organization_id, user_id)
      );
      CREATE INDEX memberships_user_idx ON memberships (user_id);
      CREATE INDEX memberships_org_created_idx ON memberships (organization_id, created_at, id);

      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        token_hash bytea NOT NULL,
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
      );
      CREATE UNIQUE INDEX invitations_pending_email_key ON invitations (organization_id, email) WHERE accepted_at IS NULL;
      CREATE INDEX invitations_org_created_idx ON invitations (organization_id, created_at, id);

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        secret_hash bytea NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX api_keys_org_created_idx ON api_keys (organization_id, created_at, id);

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (organization_id, user_id);
      CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

      CREATE TABLE audit_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'integration', 'system')),
        actor_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        changes jsonb NOT NULL DEFAULT '{}',
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_logs_org_created_idx ON audit_logs (organization_id, created_at DESC, id DESC);
      CREATE INDEX audit_logs_org_entity_idx ON audit_logs (organization_id, entity_type, entity_id, created_at DESC);

      CREATE TABLE idempotency_records (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (organization_id, key)
      );
      CREATE INDEX idempotency_records_expires_idx ON idempotency_records (expires_at);
    `);

    for (const table of ['organizations', 'users', 'memberships', 'invitations', 'api_keys']) {
      await q.query(`CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }

    await q.query(`
      ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
      ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON organizations
        USING (id = nullif(current_setting('app.current_org_id', true), '')::uuid)
        WITH CHECK (id = nullif(current_setting('app.current_org_id', true), '')::uuid);

      -- Users are global: a user sees itself and the members of the current organization,
      -- and changes only itself.
      ALTER TABLE users ENABLE ROW LEVEL SECURITY;
      ALTER TABLE users FORCE ROW LEVEL SECURITY;
      CREATE POLICY users_select ON users FOR SELECT USING (
        id = nullif(current_setting('app.current_user_id', true), '')::uuid
        OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id
                   AND m.organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid));
      CREATE POLICY users_insert ON users FOR INSERT
        WITH CHECK (id = nullif(current_setting('app.current_user_id', true), '')::uuid);
      CREATE POLICY users_update ON users FOR UPDATE
        USING (id = nullif(current_setting('app.current_user_id', true), '')::uuid)
        WITH CHECK (id = nullif(current_setting('app.current_user_id', true), '')::uuid);
    `);

    for (const table of ['memberships', 'invitations', 'api_keys', 'refresh_tokens', 'audit_logs', 'idempotency_records']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
          WITH CHECK (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid);
      `);
    }
    // The audit log is append-only for the service.
    await q.query(`REVOKE UPDATE, DELETE ON audit_logs FROM switchyard_app`);

    // Narrow paths for authentication before a tenant is known. Each returns only what its
    // caller needs; they run as the owner (which must be superuser or BYPASSRLS).
    await q.query(`
      CREATE FUNCTION auth_login_candidates(p_email text)
      RETURNS TABLE (user_id uuid, password_hash text, user_status text, organization_id uuid, organization_slug text, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT u.id, u.password_hash, u.status, m.organization_id, o.slug, m.role
        FROM users u
        LEFT JOIN memberships m ON m.user_id = u.id
        LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE u.email = lower(p_email)
        ORDER BY m.created_at
      $$;

      CREATE FUNCTION auth_api_key(p_key_id uuid)
      RETURNS TABLE (organization_id uuid, role text, secret_hash bytea, expires_at timestamptz)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        -- Last use is recorded at most once a minute per key, so a busy key does not write per request.
        UPDATE api_keys k SET last_used_at = now()
          WHERE k.id = p_key_id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
        RETURN QUERY SELECT k.organization_id, k.role, k.secret_hash, k.expires_at FROM api_keys k WHERE k.id = p_key_id;
      END $$;

      CREATE FUNCTION auth_refresh_token(p_token_hash bytea)
      RETURNS TABLE (id uuid, organization_id uuid, user_id uuid, family_id uuid, expires_at timestamptz, rotated_at timestamptz, revoked_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT t.id, t.organization_id, t.user_id, t.family_id, t.expires_at, t.rotated_at, t.revoked_at
        FROM refresh_tokens t WHERE t.token_hash = p_token_hash
      $$;

      CREATE FUNCTION auth_invitation(p_token_hash bytea)
      RETURNS TABLE (id uuid, organization_id uuid, email text, role text, expires_at timestamptz, accepted_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT i.id, i.organization_id, i.email, i.role, i.expires_at, i.accepted_at
        FROM invitations i WHERE i.token_hash = p_token_hash
      $$;

      CREATE FUNCTION purge_expired_records(p_refresh_retention interval, p_invitation_retention interval)
      RETURNS TABLE (refresh_tokens bigint, invitations bigint, idempotency_records bigint)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE r bigint; i bigint; k bigint;
      BEGIN
        DELETE FROM refresh_tokens t WHERE t.expires_at < now() - p_refresh_retention
          OR coalesce(t.revoked_at, t.rotated_at) < now() - p_refresh_retention;
        GET DIAGNOSTICS r = ROW_COUNT;
        DELETE FROM invitations v WHERE v.accepted_at IS NULL AND v.expires_at < now() - p_invitation_retention;
        GET DIAGNOSTICS i = ROW_COUNT;
        DELETE FROM idempotency_records d WHERE d.expires_at < now();
        GET DIAGNOSTICS k = ROW_COUNT;
        RETURN QUERY SELECT r, i, k;
      END $$;
    `);
    for (const fn of [
      'auth_login_candidates(text)',
      'auth_api_key(uuid)',
      'auth_refresh_token(bytea)',
      'auth_invitation(bytea)',
      'purge_expired_records(interval, interval)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC; GRANT EXECUTE ON FUNCTION ${fn} TO switchyard_app`);
    }
    // Readiness compares applied migrations with the build's.
    await q.query(`GRANT SELECT ON migrations TO switchyard_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS purge_expired_records(interval, interval);
      DROP FUNCTION IF EXISTS auth_invitation(bytea);
      DROP FUNCTION IF EXISTS auth_refresh_token(bytea);
      DROP FUNCTION IF EXISTS auth_api_key(uuid);
      DROP FUNCTION IF EXISTS auth_login_candidates(text);
      DROP TABLE IF EXISTS idempotency_records, audit_logs, refresh_tokens, api_keys, invitations, memberships, users, organizations;
      DROP FUNCTION IF EXISTS set_updated_at();
    `);
  }
}
