import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { BaseDataset } from './base-dataset';
import { seedProjectsDataset } from './projects-dataset';

/**
 * Pipelines on top of the projects data set, deterministic and idempotent:
 * - the claim pool: organizations 1…1,000 (`CLAIM_ORGS`) each hold one pipeline, one execution of
 *   100 steps (`STEPS_PER_ORG`) and one runner: 100,000 claimable steps across 1,000 tenants.
 *   `resetClaimPool` puts every step back in the queue before a claim run;
 * - the history: organization 1's pipeline `list` holds a year of executions at 10,000 a day
 *   (`BENCH_PIPELINE_EXECUTIONS`, default 3,650,000) spread over 13 monthly partitions.
 */
export const CLAIM_ORGS = 1000;
export const STEPS_PER_ORG = 100;
export const HISTORY_EXECUTIONS = Number(process.env.BENCH_PIPELINE_EXECUTIONS ?? 3_650_000);

export const md5Uuid = (text: string) => {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
export const claimPipelineId = (o: number) => md5Uuid(`bench:pipeline:claim:${o}`);
export const historyPipelineId = () => md5Uuid('bench:pipeline:history:1');
export const runnerId = (o: number) => md5Uuid(`bench:runner:${o}`);
const runnerSecret = (o: number) => createHash('sha256').update(`bench:runner-secret:${o}`).digest('base64url');
/** The runner token of organization o's runner (`syr_<id>_<secret>`, as the service formats it). */
export const runnerToken = (o: number) => `syr_${runnerId(o).replace(/-/g, '')}_${runnerSecret(o)}`;

const SPEC = {
  steps: [{ key: 'build', command: 'make', env: {}, needs: [], labels: [], retry: { maxAttempts: 1, exitCodes: [] }, timeoutSeconds: 3600, name: 'build' }],
  stages: [],
  triggers: { schedule: [], manual: { inputs: {} } },
  timeoutSeconds: 21600,
  deployment: false,
};

let seeding: Promise<void> | undefined;

export function seedPipelinesDataset(db: Pool, base: BaseDataset, log: (line: string) => void = (l) => process.stderr.write(`[bench] ${l}\n`)): Promise<void> {
  return (seeding ??= seed(db, base, log));
}

async function seed(db: Pool, base: BaseDataset, log: (line: string) => void): Promise<void> {
  await seedProjectsDataset(db, base, log);
  const orgs = Math.min(base.size.organizations, CLAIM_ORGS);
  const started = Date.now();
  const { rows } = await db.query(`select 1 from pipeline_runners where id = $1`, [runnerId(orgs)]);
  if (rows.length === 0) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const perOrg = `generate_series(1, $1::int) o`;
      await client.query(
        `insert into pipeline_definitions (id, organization_id, project_id, name, current_version)
         select md5('bench:pipeline:claim:' || o)::uuid, md5('bench:org:' || o)::uuid, md5('bench:project:' || o || ':1')::uuid, 'claim', 1
         from ${perOrg} on conflict do nothing`,
        [orgs],
      );
      await client.query(
        `insert into pipeline_definition_versions (organization_id, definition_id, version, spec)
         select md5('bench:org:' || o)::uuid, md5('bench:pipeline:claim:' || o)::uuid, 1, $2::jsonb from ${perOrg} on conflict do nothing`,
        [orgs, JSON.stringify(SPEC)],
      );
      await client.query(
        `insert into pipeline_executions (id, organization_id, definition_id, definition_version, project_id, trigger, status, admitted_at,
           timeout_seconds, commit_sha, branch, created_at)
         select md5('bench:pexec:claim:' || o)::uuid, md5('bench:org:' || o)::uuid, md5('bench:pipeline:claim:' || o)::uuid, 1,
           md5('bench:project:' || o || ':1')::uuid, 'manual', 'running', now(), 21600, md5('sha' || o), 'main', date_trunc('month', now()) + interval '1 hour'
         from ${perOrg}`,
        [orgs],
      );
      await client.query(
        `insert into pipeline_step_executions (id, organization_id, execution_id, execution_created_at, key, name, position, timeout_seconds, spec, status)
         select md5('bench:pstep:' || o || ':' || s)::uuid, md5('bench:org:' || o)::uuid, md5('bench:pexec:claim:' || o)::uuid,
           date_trunc('month', now()) + interval '1 hour', 'step-' || s, 'step-' || s, s, 3600, '{"command": "make"}', 'queued'
         from ${perOrg}, generate_series(1, $2::int) s`,
        [orgs, STEPS_PER_ORG],
      );
      const ids = Array.from({ length: orgs }, (_, i) => runnerId(i + 1));
      const hashes = Array.from({ length: orgs }, (_, i) =>
        createHash('sha256')
          .update(runnerSecret(i + 1))
          .digest(),
      );
      await client.query(
        `insert into pipeline_runners (id, organization_id, name, token_hash)
         select r.id, md5('bench:org:' || r.o)::uuid, 'bench-runner', r.hash
         from unnest($1::uuid[], $2::bytea[]) with ordinality as r(id, hash, o) on conflict do nothing`,
        [ids, hashes],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    log(`pipelines claim pool: ${orgs} organizations × ${STEPS_PER_ORG} steps (${Date.now() - started} ms)`);
  }
  await seedHistory(db, log);
}

async function seedHistory(db: Pool, log: (line: string) => void): Promise<void> {
  const pipeline = historyPipelineId();
  const { rows } = await db.query(
    `select count(*)::int as n from pipeline_executions where organization_id = md5('bench:org:1')::uuid and definition_id = $1`,
    [pipeline],
  );
  if (rows[0].n >= HISTORY_EXECUTIONS) return;
  const started = Date.now();
  // A year back: the partitions partition_register did not create (it starts one month back).
  await db.query(`select partition_create('pipeline_executions', 'month', date_trunc('month', now()) - m * interval '1 month') from generate_series(1, 13) m`);
  await db.query(
    `insert into pipeline_definitions (id, organization_id, project_id, name, current_version)
     values ($1, md5('bench:org:1')::uuid, md5('bench:project:1:1')::uuid, 'history', 1) on conflict do nothing`,
    [pipeline],
  );
  await db.query(
    `insert into pipeline_definition_versions (organization_id, definition_id, version, spec) values (md5('bench:org:1')::uuid, $1, 1, $2::jsonb) on conflict do nothing`,
    [pipeline, JSON.stringify(SPEC)],
  );
  await db.query(`delete from pipeline_executions where organization_id = md5('bench:org:1')::uuid and definition_id = $1`, [pipeline]);
  const chunk = 500_000;
  for (let from = 1; from <= HISTORY_EXECUTIONS; from += chunk) {
    const to = Math.min(HISTORY_EXECUTIONS, from + chunk - 1);
    // Evenly over the last 365 days, newest last; 93 % succeed.
    await db.query(
      `insert into pipeline_executions (id, organization_id, definition_id, definition_version, project_id, trigger, status, admitted_at,
         timeout_seconds, commit_sha, branch, started_at, finished_at, created_at)
       select md5('bench:pexec:h:' || i)::uuid, md5('bench:org:1')::uuid, $1, 1, md5('bench:project:1:1')::uuid, 'push',
         case when i % 15 = 0 then 'failed' else 'succeeded' end, t, 21600, md5('c' || (i / 3)), case when i % 4 = 0 then 'dev' else 'main' end,
         t + interval '5 seconds', t + (300 + i % 600) * interval '1 second', t
       from generate_series($2::int, $3::int) i,
         lateral (select now() - interval '365 days' + (i::float8 / $4) * interval '365 days' - interval '1 hour' as t) ts`,
      [pipeline, from, to, HISTORY_EXECUTIONS],
    );
  }
  await db.query('analyze pipeline_executions');
  log(`pipelines history: ${HISTORY_EXECUTIONS} executions of one pipeline over 365 days (${Date.now() - started} ms)`);
}

/** Puts every step of the claim pool back in the queue (a run consumes it). */
export async function resetClaimPool(db: Pool, orgs: number): Promise<number> {
  await db.query(`delete from pipeline_step_queue where organization_id in (select md5('bench:org:' || o)::uuid from generate_series(1, $1::int) o)`, [orgs]);
  await db.query(
    `update pipeline_step_executions set status = 'queued', attempt = 0, runner_id = null, lease_expires_at = null, started_at = null
     where execution_id in (select md5('bench:pexec:claim:' || o)::uuid from generate_series(1, $1::int) o) and (status <> 'queued' or attempt <> 0)`,
    [orgs],
  );
  const { rowCount } = await db.query(
    `insert into pipeline_step_queue (organization_id, step_id, execution_id, execution_created_at, labels, priority, queued_at)
     select s.organization_id, s.id, s.execution_id, s.execution_created_at, s.labels, 0, now() - (s.position || ' ms')::interval
     from pipeline_step_executions s where s.execution_id in (select md5('bench:pexec:claim:' || o)::uuid from generate_series(1, $1::int) o)`,
    [orgs],
  );
  return rowCount ?? 0;
}

/** Steps claimed more than once since the last reset: must stay 0. */
export async function doubleClaims(db: Pool, orgs: number): Promise<number> {
  const { rows } = await db.query(
    `select count(*)::int as n from pipeline_step_executions
     where execution_id in (select md5('bench:pexec:claim:' || o)::uuid from generate_series(1, $1::int) o) and attempt > 1`,
    [orgs],
  );
  return rows[0].n;
}
