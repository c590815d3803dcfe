/**
 * Preloaded (node -r) into the service processes of the operations ring only: registers a
 * queue `ops-probe` on the real JobQueue, whose handler records each attempt and then its effect
 * (one row each time the effect happens) in two tables the test creates in its scratch database.
 * `payload.holdFirstAttemptMs` keeps the first attempt busy that long (work in progress that
 * a kill -9 interrupts). The queue itself — claims, leases, heartbeats, reaping — is the service's.
 */
import { JobQueue } from '../../../libs/jobs/src/job-queue';

interface ProbePayload {
  holdFirstAttemptMs?: number;
}

const original = JobQueue.prototype.onModuleInit;
JobQueue.prototype.onModuleInit = function (this: JobQueue) {
  original.call(this);
  const transaction = (this as any).transaction;
  this.work<ProbePayload>('ops-probe', {
    concurrency: 4,
    leaseMs: Number(process.env.OPS_PROBE_LEASE_MS ?? 60_000),
    handle: async (job) => {
      await transaction.run({}, () =>
        transaction.query('insert into ops_probe_attempts (job_id, worker, attempt) values ($1, $2, $3)', [job.id, this.workerId, job.attempt]),
      );
      const hold = job.payload.holdFirstAttemptMs;
      if (hold && job.attempt === 1) await new Promise((resolve) => setTimeout(resolve, hold));
      await transaction.run({}, () => transaction.query('insert into ops_probe_effects (job_id, worker) values ($1, $2)', [job.id, this.workerId]));
    },
  });
};
