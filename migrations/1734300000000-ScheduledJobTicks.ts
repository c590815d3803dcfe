import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Once per tick across replicas (libs/jobs ExclusiveJobRunner). The transaction-level advisory
 * lock only keeps two replicas from running a job at the same moment: a job that takes 3 ms is
 * done before a replica whose timer fired 10 ms later asks, which then runs the same tick again.
 * Each scheduled run now also records the tick it was started for; a tick that is already
 * recorded is skipped. One row per job (no growth). Not a tenant table: only the SECURITY DEFINER
 * function below reads or writes it.
 */
export class ScheduledJobTicks1734300000000 implements MigrationInterface {
  name = 'ScheduledJobTicks1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduled_job_runs (
        job text PRIMARY KEY,
        last_tick timestamptz NOT NULL,
        last_run_by text NOT NULL,
        last_run_at timestamptz NOT NULL DEFAULT now()
      );
      -- Reached only through scheduled_job_claim (its owner); the runtime role has no grant.
      ALTER TABLE scheduled_job_runs ENABLE ROW LEVEL SECURITY;

      -- True when this call is the first to claim the tick of the job (a later tick than the last
      -- recorded one); false when another replica already ran it.
      CREATE FUNCTION scheduled_job_claim(p_job text, p_tick timestamptz, p_replica text)
      RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        WITH claimed AS (
          INSERT INTO scheduled_job_runs AS r (job, last_tick, last_run_by) VALUES (p_job, p_tick, p_replica)
          ON CONFLICT (job) DO UPDATE SET last_tick = excluded.last_tick, last_run_by = excluded.last_run_by, last_run_at = now()
            WHERE r.last_tick < excluded.last_tick
          RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM claimed)
      $$;
      REVOKE ALL ON FUNCTION scheduled_job_claim(text, timestamptz, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION scheduled_job_claim(text, timestamptz, text) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION scheduled_job_claim(text, timestamptz, text); DROP TABLE scheduled_job_runs`);
  }
}
