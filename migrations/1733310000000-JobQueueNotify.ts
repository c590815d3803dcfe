import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wake-up for libs/jobs: a job that is due at once notifies channel `job_queue` (payload: the queue
 * name), delivered when the enqueuing transaction commits, so workers of other processes claim it
 * without waiting for their next poll (docs/architecture.md, "Job queue: measured choice").
 * PostgreSQL folds identical notifications of one transaction into one.
 */
export class JobQueueNotify1733310000000 implements MigrationInterface {
  name = 'JobQueueNotify1733310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION job_queue_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
      BEGIN
        PERFORM pg_notify('job_queue', NEW.queue);
        RETURN NULL;
      END $$;
      CREATE TRIGGER job_queue_notify AFTER INSERT ON job_queue
        FOR EACH ROW WHEN (NEW.state = 'queued' AND NEW.run_at <= now()) EXECUTE FUNCTION job_queue_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER job_queue_notify ON job_queue; DROP FUNCTION job_queue_notify()`);
  }
}
