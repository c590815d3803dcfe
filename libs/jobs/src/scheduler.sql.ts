/** The ExclusiveJobRunner's SQL, run through TenantTransaction.query. */
export const TRY_JOB_LOCK = 'select pg_try_advisory_xact_lock(hashtext($1)) as locked';
/** Migration ScheduledJobTicks: true for the first replica to claim this tick of the job. */
export const CLAIM_TICK = 'select scheduled_job_claim($1, $2, $3) as claimed';
