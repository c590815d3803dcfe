import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable job queue of libs/jobs (JobQueue): one table, claimed with FOR UPDATE SKIP LOCKED,
 * with retries and exponential backoff, leases that expire when a worker dies, and a dead-letter
 * state. Jobs of a tenant carry its organization_id (RLS applies); workers, which serve every
 * tenant, reach the table only through the SECURITY DEFINER functions below.
 */
export class JobQueue1732290000000 implements MigrationInterface {
  name = 'JobQueue1732290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_queue (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue text NOT NULL CHECK (queue ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
        organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
        payload jsonb NOT NULL DEFAULT '{}',
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'active', 'completed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
        backoff_ms integer NOT NULL DEFAULT 1000 CHECK (backoff_ms >= 0),
        max_backoff_ms integer NOT NULL DEFAULT 600000 CHECK (max_backoff_ms >= 0),
        run_at timestamptz NOT NULL DEFAULT now(),
        locked_by text,
        locked_until timestamptz,
        singleton_key text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX job_queue_ready_idx ON job_queue (queue, run_at) WHERE state = 'queued';
      CREATE INDEX job_queue_active_idx ON job_queue (queue, locked_until) WHERE state = 'active';
      CREATE INDEX job_queue_finished_idx ON job_queue (finished_at) WHERE state IN ('completed', 'dead');
      CREATE INDEX job_queue_org_idx ON job_queue (organization_id, queue, created_at);
      -- At most one pending job per (queue, organization, singleton key).
      CREATE UNIQUE INDEX job_queue_singleton_key ON job_queue (queue, organization_id, singleton_key) NULLS NOT DISTINCT
        WHERE singleton_key IS NOT NULL AND state IN ('queued', 'active');

      ALTER TABLE job_queue ENABLE ROW LEVEL SECURITY;
      ALTER TABLE job_queue FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON job_queue
        USING (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
        WITH CHECK (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid);
    `);

    await q.query(`
      -- Enqueues in the caller's transaction. Under a tenant, only that tenant's jobs.
      CREATE FUNCTION job_queue_send(p_queue text, p_organization_id uuid, p_payload jsonb, p_run_at timestamptz,
                                     p_max_attempts integer, p_backoff_ms integer, p_max_backoff_ms integer, p_singleton_key text)
      RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        v_tenant uuid := nullif(current_setting('app.current_org_id', true), '')::uuid;
        v_id uuid;
      BEGIN
        IF v_tenant IS NOT NULL AND p_organization_id IS DISTINCT FROM v_tenant THEN
          RAISE EXCEPTION 'job for another organization' USING ERRCODE = '42501';
        END IF;
        INSERT INTO job_queue (queue, organization_id, payload, run_at, max_attempts, backoff_ms, max_backoff_ms, singleton_key)
        VALUES (p_queue, p_organization_id, coalesce(p_payload, '{}'), coalesce(p_run_at, now()), p_max_attempts, p_backoff_ms, p_max_backoff_ms, p_singleton_key)
        ON CONFLICT (queue, organization_id, singleton_key) WHERE singleton_key IS NOT NULL AND state IN ('queued', 'active') DO NOTHING
        RETURNING id INTO v_id;
        IF v_id IS NULL THEN
          SELECT j.id INTO v_id FROM job_queue j
          WHERE j.queue = p_queue AND j.organization_id IS NOT DISTINCT FROM p_organization_id
            AND j.singleton_key = p_singleton_key AND j.state IN ('queued', 'active');
        END IF;
        RETURN v_id;
      END $$;

      -- Leases up to p_limit due jobs to a worker. With p_global_limit, at most that many jobs of
      -- the queue hold a live lease at once across every replica (claims of a queue serialize on
      -- a transaction-level advisory lock to count safely).
      CREATE FUNCTION job_queue_claim(p_queue text, p_worker text, p_limit integer, p_lease_ms integer, p_global_limit integer)
      RETURNS SETOF job_queue LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE v_take integer := p_limit;
      BEGIN
        IF p_global_limit IS NOT NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext('job_queue.claim:' || p_queue));
          SELECT greatest(0, least(p_limit, p_global_limit - count(*)::integer)) INTO v_take
          FROM job_queue WHERE queue = p_queue AND state = 'active' AND locked_until > now();
        END IF;
        IF v_take <= 0 THEN RETURN; END IF;
        RETURN QUERY
          UPDATE job_queue j SET state = 'active', attempts = j.attempts + 1, locked_by = p_worker,
                 locked_until = now() + make_interval(secs => p_lease_ms / 1000.0), started_at = now(), updated_at = now()
          FROM (SELECT id FROM job_queue WHERE queue = p_queue AND state = 'queued' AND run_at <= now()
                ORDER BY run_at, created_at LIMIT v_take FOR UPDATE SKIP LOCKED) due
          WHERE j.id = due.id
          RETURNING j.*;
      END $$;

      CREATE FUNCTION job_queue_heartbeat(p_id uuid, p_worker text, p_lease_ms integer)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        WITH touched AS (
          UPDATE job_queue SET locked_until = now() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
          WHERE id = p_id AND state = 'active' AND locked_by = p_worker RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM touched)
      $$;

      CREATE FUNCTION job_queue_complete(p_id uuid, p_worker text)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        WITH done AS (
          UPDATE job_queue SET state = 'completed', locked_by = NULL, locked_until = NULL, finished_at = now(), updated_at = now()
          WHERE id = p_id AND state = 'active' AND locked_by = p_worker RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM done)
      $$;

      -- A failed attempt: retried after an exponential, jittered backoff while attempts remain
      -- and the error is retryable; dead-lettered otherwise. Returns the new state (NULL when the
      -- worker no longer holds the job).
      CREATE FUNCTION job_queue_fail(p_id uuid, p_worker text, p_error text, p_retryable boolean)
      RETURNS text LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        UPDATE job_queue j SET
          state = CASE WHEN p_retryable AND j.attempts < j.max_attempts THEN 'queued' ELSE 'dead' END,
          run_at = CASE WHEN p_retryable AND j.attempts < j.max_attempts
                        THEN now() + make_interval(secs => least(j.max_backoff_ms, j.backoff_ms * power(2, j.attempts - 1)) * (0.75 + random() * 0.5) / 1000.0)
                        ELSE j.run_at END,
          finished_at = CASE WHEN p_retryable AND j.attempts < j.max_attempts THEN NULL ELSE now() END,
          last_error = left(p_error, 4000), locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE j.id = p_id AND j.state = 'active' AND j.locked_by = p_worker
        RETURNING j.state
      $$;

      -- Jobs whose worker died (lease expired): retried while attempts remain, else dead.
      CREATE FUNCTION job_queue_reap(p_limit integer)
      RETURNS TABLE (id uuid, queue text, organization_id uuid, state text, payload jsonb)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        UPDATE job_queue j SET
          state = CASE WHEN j.attempts < j.max_attempts THEN 'queued' ELSE 'dead' END,
          finished_at = CASE WHEN j.attempts < j.max_attempts THEN NULL ELSE now() END,
          run_at = now(), last_error = 'the worker stopped before finishing (lease expired)',
          locked_by = NULL, locked_until = NULL, updated_at = now()
        FROM (SELECT id FROM job_queue WHERE state = 'active' AND locked_until < now()
              ORDER BY locked_until LIMIT p_limit FOR UPDATE SKIP LOCKED) expired
        WHERE j.id = expired.id
        RETURNING j.id, j.queue, j.organization_id, j.state, j.payload
      $$;

      -- Replays a dead job (admin). Under a tenant, only that tenant's jobs.
      CREATE FUNCTION job_queue_retry(p_id uuid)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        WITH replayed AS (
          UPDATE job_queue SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL, updated_at = now()
          WHERE id = p_id AND state = 'dead'
            AND (nullif(current_setting('app.current_org_id', true), '') IS NULL
                 OR organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
          RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM replayed)
      $$;

      CREATE FUNCTION job_queue_state(p_ids uuid[])
      RETURNS TABLE (id uuid, state text, attempts integer, max_attempts integer, last_error text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT j.id, j.state, j.attempts, j.max_attempts, j.last_error FROM job_queue j WHERE j.id = any(p_ids)
      $$;

      CREATE FUNCTION job_queue_purge(p_completed_retention interval, p_dead_retention interval)
      RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE n bigint;
      BEGIN
        DELETE FROM job_queue WHERE (state = 'completed' AND finished_at < now() - p_completed_retention)
                                 OR (state = 'dead' AND finished_at < now() - p_dead_retention);
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$;

      CREATE FUNCTION job_queue_depth()
      RETURNS TABLE (queue text, state text, jobs bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT j.queue, j.state, count(*) FROM job_queue j WHERE j.state IN ('queued', 'active', 'dead') GROUP BY j.queue, j.state
      $$;
    `);

    for (const fn of [
      'job_queue_send(text, uuid, jsonb, timestamptz, integer, integer, integer, text)',
      'job_queue_claim(text, text, integer, integer, integer)',
      'job_queue_heartbeat(uuid, text, integer)',
      'job_queue_complete(uuid, text)',
      'job_queue_fail(uuid, text, text, boolean)',
      'job_queue_reap(integer)',
      'job_queue_retry(uuid)',
      'job_queue_state(uuid[])',
      'job_queue_purge(interval, interval)',
      'job_queue_depth()',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC; GRANT EXECUTE ON FUNCTION ${fn} TO switchyard_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS job_queue_depth(), job_queue_purge(interval, interval), job_queue_state(uuid[]), job_queue_retry(uuid),
        job_queue_reap(integer), job_queue_fail(uuid, text, text, boolean), job_queue_complete(uuid, text),
        job_queue_heartbeat(uuid, text, integer), job_queue_claim(text, text, integer, integer, integer),
        job_queue_send(text, uuid, jsonb, timestamptz, integer, integer, integer, text);
      DROP TABLE IF EXISTS job_queue;
    `);
  }
}
