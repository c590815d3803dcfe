/**
 * The repositories adapter's SQL that TypeORM cannot say. Upserts run through
 * `TenantTransaction.query`; the select expression goes into the adapter's QueryBuilders.
 */

/** Select expression (alias `r` = repositories): the ids of the projects the repository serves, in order. */
export const PROJECT_IDS_OF_REPOSITORY = `array(select pr.project_id from project_repositories pr
  where pr.organization_id = r.organization_id and pr.repository_id = r.id order by pr.project_id)`;

/**
 * Creates the branch or moves it, in one statement. A push older than the stored one (webhooks
 * arrive out of order) changes nothing and returns no row. `inserted` tells a new branch from a
 * moved one. $1 organization, $2 repository, $3 name, $4 head SHA, $5 protected (null: keep),
 * $6 last push, $7 whether $4 was given (null is a value: it clears the head).
 */
export const UPSERT_BRANCH = `insert into branches as b (organization_id, repository_id, name, head_sha, protected, last_push_at)
  values ($1, $2, $3, $4, coalesce($5, false), $6)
  on conflict (organization_id, repository_id, name) do update set
    head_sha = case when $7 then excluded.head_sha else b.head_sha end,
    protected = coalesce($5, b.protected),
    last_push_at = coalesce(excluded.last_push_at, b.last_push_at),
    version = b.version + 1
  where b.last_push_at is null or excluded.last_push_at is null or excluded.last_push_at >= b.last_push_at
  returning b.*, (xmax = 0) as inserted`;

/**
 * Across tenants, for the analysis scheduler: repositories with a schedule, when it last fired
 * (SECURITY DEFINER function of the migration; runs outside any tenant).
 */
export const REPOSITORIES_WITH_SCHEDULE = `select * from repositories_with_analysis_schedule()`;
