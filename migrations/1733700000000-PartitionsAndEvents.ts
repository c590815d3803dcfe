import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-partitioned tables and the event log.
 *
 * A module creates its table `PARTITION BY RANGE (<time column>)` in its own migration and calls
 * `partition_register(...)`: the table is listed in `partitioned_tables` and gets its first
 * partitions. `partition_maintain()` (SECURITY DEFINER, run by the scheduled job
 * `partition-maintenance` once across replicas) then, for every listed table: creates the
 * partitions `ahead` periods in advance, deletes the rows of each organization older than its
 * retention (organizations.settings -> 'retentionDays' ->> <retention key>, else the table's
 * default), and drops whole partitions older than the longest retention any organization has.
 *
 * Partitions are named `<table>_p<YYYYMM>` (month) or `<table>_p<YYYYMMDD>` (day), in UTC.
 * Row-level security is a property of the parent only, so the runtime role is refused every
 * partition: it reads and writes through the parent, where the tenant policy applies.
 *
 * `events` is the event log every module publishes to through `EventLog` (libs/events), in the
 * publisher's transaction: monthly partitions, retention key `events`, one year by default.
 */
export class PartitionsAndEvents1733700000000 implements MigrationInterface {
  name = 'PartitionsAndEvents1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partitioned_tables (
        table_name text NOT NULL,
        time_column text NOT NULL,
        period text NOT NULL CHECK (period IN ('day', 'month')),
        ahead integer NOT NULL CHECK (ahead BETWEEN 1 AND 400),
        retention_key text NOT NULL CHECK (retention_key ~ '^[a-zA-Z][a-zA-Z0-9]{0,62}$'),
        default_retention_days integer NOT NULL CHECK (default_retention_days BETWEEN 1 AND 36500),
        registered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partitioned_tables_pkey PRIMARY KEY (table_name)
      );
      -- Registered by migrations only; the service reads the list (retention report).
      REVOKE INSERT, UPDATE, DELETE ON partitioned_tables FROM switchyard_app;

      -- The first instant of the period holding p_at, in UTC.
      CREATE FUNCTION partition_period_start(p_period text, p_at timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE AS $$
        SELECT date_trunc(p_period, p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
      $$;

      CREATE FUNCTION partition_step(p_period text) RETURNS interval
      LANGUAGE sql IMMUTABLE AS $$ SELECT CASE p_period WHEN 'day' THEN interval '1 day' ELSE interval '1 month' END $$;

      CREATE FUNCTION partition_name(p_table text, p_period text, p_start timestamptz) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT p_table || '_p' || to_char(p_start AT TIME ZONE 'UTC', CASE p_period WHEN 'day' THEN 'YYYYMMDD' ELSE 'YYYYMM' END)
      $$;

      -- Creates the partition starting at p_start when it does not exist yet; true when created.
      CREATE FUNCTION partition_create(p_table text, p_period text, p_start timestamptz) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        v_name text := partition_name(p_table, p_period, p_start);
      BEGIN
        IF to_regclass(quote_ident(v_name)) IS NOT NULL THEN RETURN false; END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          v_name, p_table, p_start, p_start + partition_step(p_period));
        EXECUTE format('REVOKE ALL ON %I FROM switchyard_app', v_name);
        RETURN true;
      END $$;

      CREATE FUNCTION partition_register(p_table text, p_time_column text, p_period text, p_ahead integer,
                                         p_retention_key text, p_default_retention_days integer) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        v_start timestamptz := partition_period_start(p_period, now()) - partition_step(p_period);
        i integer;
      BEGIN
        INSERT INTO partitioned_tables (table_name, time_column, period, ahead, retention_key, default_retention_days)
        VALUES (p_table, p_time_column, p_period, p_ahead, p_retention_key, p_default_retention_days);
        FOR i IN 0..p_ahead + 1 LOOP
          PERFORM partition_create(p_table, p_period, v_start + i * partition_step(p_period));
        END LOOP;
      END $$;

      -- An organization's retention for a key, in days: its setting when it is a sane number.
      CREATE FUNCTION organization_retention_days(p_settings jsonb, p_key text, p_default integer) RETURNS integer
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN jsonb_typeof(p_settings -> 'retentionDays' -> p_key) = 'number'
                     AND (p_settings -> 'retentionDays' ->> p_key) ~ '^[0-9]{1,5}$'
                     AND (p_settings -> 'retentionDays' ->> p_key)::integer >= 1
                    THEN (p_settings -> 'retentionDays' ->> p_key)::integer
                    ELSE p_default END
      $$;

      -- One pass over every registered table; one row per table with what it did.
      CREATE FUNCTION partition_maintain()
      RETURNS TABLE (table_name text, created integer, dropped integer, deleted bigint)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        t record;
        grp record;
        part record;
        v_now timestamptz := now();
        v_start timestamptz;
        v_longest integer;
        v_n bigint;
        i integer;
      BEGIN
        FOR t IN SELECT * FROM partitioned_tables ORDER BY partitioned_tables.table_name LOOP
          table_name := t.table_name; created := 0; dropped := 0; deleted := 0;

          v_start := partition_period_start(t.period, v_now);
          FOR i IN 0..t.ahead LOOP
            IF partition_create(t.table_name, t.period, v_start + i * partition_step(t.period)) THEN created := created + 1; END IF;
          END LOOP;

          SELECT greatest(t.default_retention_days, max(organization_retention_days(o.settings, t.retention_key, t.default_retention_days)))
            INTO v_longest FROM organizations o;

          -- Whole partitions past the longest retention go at once.
          FOR part IN
            SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
            WHERE h.inhparent = t.table_name::regclass
              AND c.relname ~ ('^' || t.table_name || '_p[0-9]{6}([0-9]{2})?$')
          LOOP
            IF to_timestamp(substring(part.relname FROM '_p([0-9]+)$'), CASE t.period WHEN 'day' THEN 'YYYYMMDD' ELSE 'YYYYMM' END)::timestamp
                 AT TIME ZONE 'UTC' + partition_step(t.period) <= v_now - make_interval(days => v_longest) THEN
              EXECUTE format('DROP TABLE %I', part.relname);
              dropped := dropped + 1;
            END IF;
          END LOOP;

          -- Organizations keeping less than the longest lose their older rows one retention at a time.
          FOR grp IN
            SELECT r.days, array_agg(r.id) AS ids
            FROM (SELECT o.id, organization_retention_days(o.settings, t.retention_key, t.default_retention_days) AS days FROM organizations o) r
            WHERE r.days < v_longest GROUP BY r.days
          LOOP
            EXECUTE format('DELETE FROM %I WHERE organization_id = ANY($1) AND %I < $2', t.table_name, t.time_column)
              USING grp.ids, v_now - make_interval(days => grp.days);
            GET DIAGNOSTICS v_n = ROW_COUNT;
            deleted := deleted + v_n;
          END LOOP;

          RETURN NEXT;
        END LOOP;
      END $$;

      REVOKE ALL ON FUNCTION partition_create(text, text, timestamptz) FROM PUBLIC;
      REVOKE ALL ON FUNCTION partition_register(text, text, text, integer, text, integer) FROM PUBLIC;
      REVOKE ALL ON FUNCTION partition_maintain() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION partition_maintain() TO switchyard_app;

      CREATE TABLE events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL CHECK (length(type) <= 100 AND type ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'),
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
        target text CHECK (length(target) BETWEEN 1 AND 100),
        entity_type text CHECK (length(entity_type) BETWEEN 1 AND 100),
        entity_id text CHECK (length(entity_id) BETWEEN 1 AND 200),
        task_id uuid,
        workflow_id uuid,
        severity text NOT NULL DEFAULT 'info' CHECK (severity IN ('debug', 'info', 'warning', 'error', 'critical')),
        payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
        actor_type text CHECK (actor_type IN ('user', 'api_key', 'agent', 'integration', 'system')),
        actor_id uuid,
        correlation_id text CHECK (length(correlation_id) <= 200),
        trace_id text CHECK (trace_id ~ '^[0-9a-f]{32}$'),
        CONSTRAINT events_pkey PRIMARY KEY (organization_id, occurred_at, id)
      ) PARTITION BY RANGE (occurred_at);
      CREATE INDEX events_org_time_idx ON events (organization_id, occurred_at DESC, id DESC);
      CREATE INDEX events_correlation_idx ON events (organization_id, correlation_id) WHERE correlation_id IS NOT NULL;
      CREATE INDEX events_trace_idx ON events (organization_id, trace_id) WHERE trace_id IS NOT NULL;
      CREATE INDEX events_entity_idx ON events (organization_id, entity_type, entity_id, occurred_at DESC) WHERE entity_id IS NOT NULL;
      CREATE INDEX events_task_idx ON events (organization_id, task_id, occurred_at DESC) WHERE task_id IS NOT NULL;

      ALTER TABLE events ENABLE ROW LEVEL SECURITY;
      ALTER TABLE events FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON events
        USING (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid)
        WITH CHECK (organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid);
      -- A log: the service appends and reads; retention deletes through partition_maintain().
      REVOKE UPDATE, DELETE ON events FROM switchyard_app;

      SELECT partition_register('events', 'occurred_at', 'month', 3, 'events', 365);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS events;
      DROP FUNCTION IF EXISTS partition_maintain();
      DROP FUNCTION IF EXISTS organization_retention_days(jsonb, text, integer);
      DROP FUNCTION IF EXISTS partition_register(text, text, text, integer, text, integer);
      DROP FUNCTION IF EXISTS partition_create(text, text, timestamptz);
      DROP FUNCTION IF EXISTS partition_name(text, text, timestamptz);
      DROP FUNCTION IF EXISTS partition_step(text);
      DROP FUNCTION IF EXISTS partition_period_start(text, timestamptz);
      DROP TABLE IF EXISTS partitioned_tables;
    `);
  }
}
