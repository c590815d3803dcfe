/**
 * The acceptance of a webhook in one statement ($1 org, $2 integration, $3 dedup key, $4 new id,
 * $5 platform, $6 event, $7 headers, $8 body): the dedup key is claimed, and only when it was new
 * is the delivery written. A known key answers the first delivery (duplicate = true). When the
 * receipt time is kept to the millisecond, so it travels exactly in a job's JSON payload. When the
 * key was claimed by a transaction that committed after this statement's snapshot, no row comes
 * back and the caller reads it with FIND_DELIVERY_BY_KEY.
 */
export const ACCEPT_DELIVERY = `with claimed as (
    insert into webhook_delivery_keys (organization_id, integration_id, dedup_key, delivery_id, received_at)
    values ($1, $2, $3, $4, date_trunc('milliseconds', now()))
    on conflict (organization_id, integration_id, dedup_key) do nothing
    returning delivery_id, received_at
  ), stored as (
    insert into webhook_deliveries (organization_id, id, received_at, integration_id, platform, event, dedup_key, headers, body)
    select $1, c.delivery_id, c.received_at, $2, $5, $6, $3, $7, $8 from claimed c
    returning id, received_at, status
  )
  select s.id as delivery_id, s.received_at, s.status, false as duplicate from stored s
  union all
  select k.delivery_id, k.received_at, coalesce(d.status, 'unknown'), true
  from webhook_delivery_keys k
  left join webhook_deliveries d on d.organization_id = k.organization_id and d.id = k.delivery_id and d.received_at = k.received_at
  where k.organization_id = $1 and k.integration_id = $2 and k.dedup_key = $3 and not exists (select 1 from claimed)`;

export const FIND_DELIVERY_BY_KEY = `select k.delivery_id, k.received_at, coalesce(d.status, 'unknown') as status, true as duplicate
  from webhook_delivery_keys k
  left join webhook_deliveries d on d.organization_id = k.organization_id and d.id = k.delivery_id and d.received_at = k.received_at
  where k.organization_id = $1 and k.integration_id = $2 and k.dedup_key = $3`;

const LOG_COLUMNS = `id, integration_id, platform, event, dedup_key, status, attempts, error, outcome, received_at, processed_at,
  to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

/** The sync log: newest first, keyset on (received_at, id). $1 org, $2 integration, $3 statuses or null, $4 cursor time, $5 cursor id, $6 limit + 1. */
export const LIST_DELIVERIES = `select ${LOG_COLUMNS} from webhook_deliveries
  where organization_id = $1 and integration_id = $2 and ($3::text[] is null or status = any($3))
    and ($4::timestamptz is null or (received_at, id) < ($4::timestamptz, $5::uuid))
  order by received_at desc, id desc limit $6`;

export const FIND_DELIVERY = `select ${LOG_COLUMNS} from webhook_deliveries where organization_id = $1 and integration_id = $2 and id = $3`;

/** A delivery with its body, by its full key (the partition column included, so one partition is read). */
export const LOAD_DELIVERY = `select ${LOG_COLUMNS}, headers, body from webhook_deliveries where organization_id = $1 and id = $2 and received_at = $3`;

/**
 * One attempt ends and is counted (processed, ignored, failed), or the queue gives up (dead: not
 * an attempt). No 'processing' mark comes before: the attempt runs in one transaction, so nobody
 * else could see that mark; a failure is recorded after the rollback.
 */
export const FINISH_DELIVERY = `update webhook_deliveries set status = $4, outcome = $5, error = $6,
    attempts = attempts + case when $4 = 'dead' then 0 else 1 end,
    processed_at = case when $4 in ('processed', 'ignored') then now() else processed_at end
  where organization_id = $1 and id = $2 and received_at = $3`;

export const REQUEUE_DELIVERY = `update webhook_deliveries set status = 'queued', error = null, job_id = $4
  where organization_id = $1 and id = $2 and received_at = $3`;

export const DEAD_BETWEEN = `select id as delivery_id, received_at from webhook_deliveries
  where organization_id = $1 and integration_id = $2 and status = 'dead' and received_at >= $3 and received_at < $4
  order by received_at limit $5`;

/** Deliveries, failures and lag (first processing end − receipt) since $3. */
export const DELIVERY_HEALTH = `select count(*)::int as deliveries,
    count(*) filter (where status in ('processed', 'ignored'))::int as processed,
    count(*) filter (where status = 'failed')::int as failed,
    count(*) filter (where status = 'dead')::int as dead,
    count(*) filter (where status in ('queued', 'processing'))::int as pending,
    percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at) * 1000) as lag_p50,
    percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at) * 1000) as lag_p99,
    max(extract(epoch from processed_at - received_at) * 1000) as lag_max
  from webhook_deliveries where organization_id = $1 and integration_id = $2 and received_at >= $3`;

export const SETTLED_KEYS = `select k.dedup_key, k.delivery_id, k.received_at, coalesce(d.status, 'unknown') as status
  from webhook_delivery_keys k
  left join webhook_deliveries d on d.organization_id = k.organization_id and d.id = k.delivery_id and d.received_at = k.received_at
  where k.organization_id = $1 and k.integration_id = $2 and k.dedup_key = any($3::text[])`;

/** Forgets dedup keys older than $1 (an interval), across tenants (SECURITY DEFINER). */
export const PURGE_DELIVERY_KEYS = `select webhook_delivery_keys_purge($1::interval) as purged`;
