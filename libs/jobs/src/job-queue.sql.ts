/**
 * The queue's SQL: each statement calls one of the SECURITY DEFINER queue functions of the
 * JobQueue migration (claims with SKIP LOCKED under leases, backoff, dead letter), run through
 * TenantTransaction.query.
 */
export const SEND_JOB = `select job_queue_send($1, $2, $3, $4, $5, $6, $7, $8) as id`;
export const REAP_JOBS = `select * from job_queue_reap($1)`;
export const PURGE_JOBS = `select job_queue_purge(interval '7 days', interval '30 days') as purged`;
export const QUEUE_DEPTH = `select * from job_queue_depth()`;
export const JOB_STATES = `select * from job_queue_state($1::uuid[])`;
export const RETRY_JOB = `select job_queue_retry($1) as retried`;
export const CLAIM_JOBS = `select * from job_queue_claim($1, $2, $3, $4, $5)`;
export const COMPLETE_JOB = `select job_queue_complete($1, $2)`;
export const FAIL_JOB = `select job_queue_fail($1, $2, $3, $4) as state`;
export const HEARTBEAT_JOB = `select job_queue_heartbeat($1, $2, $3)`;
export const NEXT_DUE = `select job_queue_next_due($1) as ms`;
