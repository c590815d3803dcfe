import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A runner's `last_seen_at` is written at most once a minute (was: every 5 seconds). An idle
 * runner polls every 30 s, so every poll used to write the runner row and flush a commit; now
 * one in two does, and a busy runner's heartbeats stop rewriting it. Nothing decides on
 * `last_seen_at` (leases have their own expiry): it tells people, to the minute, that a runner
 * is alive. GitLab writes its runners' `contacted_at` at most every 40–55 minutes. Otherwise
 * pipeline_runner_enter is unchanged (migration Pipelines, with pg_temp searched last as a later
 * migration set it).
 */
export class RunnerSeenToTheMinute1734600000000 implements MigrationInterface {
  name = 'RunnerSeenToTheMinute1734600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(runnerEnter('1 minute'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(runnerEnter('5 seconds'));
  }
}

function runnerEnter(seenEvery: string): string {
  return `
    CREATE OR REPLACE FUNCTION pipeline_runner_enter(p_runner uuid, p_hash bytea)
    RETURNS TABLE (organization_id uuid, labels text[])
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE r record;
    BEGIN
      UPDATE pipeline_runners x SET last_seen_at = now()
        WHERE x.id = p_runner AND x.token_hash = p_hash AND x.disabled_at IS NULL
          AND (x.last_seen_at IS NULL OR x.last_seen_at < now() - interval '${seenEvery}')
        RETURNING x.organization_id, x.labels INTO r;
      IF r IS NULL THEN
        SELECT x.organization_id, x.labels INTO r FROM pipeline_runners x
          WHERE x.id = p_runner AND x.token_hash = p_hash AND x.disabled_at IS NULL;
      END IF;
      IF r IS NULL THEN RETURN; END IF;
      PERFORM set_config('app.current_org_id', r.organization_id::text, true);
      organization_id := r.organization_id;
      labels := r.labels;
      RETURN NEXT;
    END $$;`;
}
