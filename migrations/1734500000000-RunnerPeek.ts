import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cheap half of a runner's long-poll (issue 11): one autocommit statement checks the runner's
 * token against the live row (through pipeline_runner_enter, which also records it as seen) and
 * tells whether its organization holds a queued step its labels match. The claim's transaction,
 * and its UPDATE across the step partitions, run only when this says there is work; an idle fleet
 * costs one index probe per poll. Answers a boolean about the runner's own organization only.
 */
export class RunnerPeek1734500000000 implements MigrationInterface {
  name = 'RunnerPeek1734500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pipeline_runner_peek(p_runner uuid, p_hash bytea)
      RETURNS TABLE (organization_id uuid, labels text[], has_work boolean)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT r.organization_id, r.labels,
               EXISTS (SELECT 1 FROM pipeline_step_queue q WHERE q.organization_id = r.organization_id AND q.labels <@ r.labels)
        FROM pipeline_runner_enter(p_runner, p_hash) r
      $$;
      REVOKE ALL ON FUNCTION pipeline_runner_peek(uuid, bytea) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION pipeline_runner_peek(uuid, bytea) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pipeline_runner_peek(uuid, bytea)`);
  }
}
