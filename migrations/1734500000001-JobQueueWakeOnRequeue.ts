import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idle job workers that wait for NOTIFY instead of polling every second (libs/jobs). The
 * `job_queue` notification now fires for every job that becomes queued, whether inserted (due at
 * once or later), retried after a failed attempt, handed back by the reaper or replayed from the
 * dead letters; and `job_queue_next_due(queue)` tells an idle worker how long until the queue's
 * next job is due, so it sleeps until then (bounded by JOB_LISTENING_POLL_INTERVAL_MS) rather
 * than looking every JOB_POLL_INTERVAL_MS. The trigger function itself is unchanged.
 */
export class JobQueueWakeOnRequeue1734500000001 implements MigrationInterface {
  name = 'JobQueueWakeOnRequeue1734500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER job_queue_notify ON job_queue;
      CREATE TRIGGER job_queue_notify AFTER INSERT OR UPDATE OF state, run_at ON job_queue
        FOR EACH ROW WHEN (NEW.state = 'queued') EXECUTE FUNCTION job_queue_notify();

      -- Milliseconds until the queue's next queued job is due (0 or less: one is due now); NULL when none is queued.
      CREATE FUNCTION job_queue_next_due(p_queue text) RETURNS bigint
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT ceil(extract(epoch FROM min(run_at) - clock_timestamp()) * 1000)::bigint
        FROM job_queue WHERE queue = p_queue AND state = 'queued'
      $$;
      REVOKE ALL ON FUNCTION job_queue_next_due(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION job_queue_next_due(text) TO switchyard_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION job_queue_next_due(text);
      DROP TRIGGER job_queue_notify ON job_queue;
      CREATE TRIGGER job_queue_notify AFTER INSERT ON job_queue
        FOR EACH ROW WHEN (NEW.state = 'queued' AND NEW.run_at <= now()) EXECUTE FUNCTION job_queue_notify();
    `);
  }
}
