import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { BaseDataset } from './base-dataset';

/**
 * The agents module's data set (issue 13), deterministic and idempotent: organizations
 * 9,001…9,010 (of the base data set) get one Codegen agent each and 2,000 finished or open runs,
 * and the organization limit `maxConcurrentAgentRuns: 0` so the service's worker never sends
 * the runs the create scenario makes anywhere (with AGENTS_CAPACITY_RETRY_MS of an hour in the
 * bench, each new run costs the service one deferred worker step).
 */
export const AGENT_ORGS = Array.from({ length: 10 }, (_, i) => 9001 + i);
export const RUNS_PER_ORG = 2000;

/** A v4-shaped uuid from md5(text), as in SQL uuid4(). */
export function uuid4(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const UUID4_SQL = (text: string) => `(substr(md5(${text}), 1, 12) || '4' || substr(md5(${text}), 14, 3) || '8' || substr(md5(${text}), 18, 15))::uuid`;

export const benchAgentId = (o: number) => uuid4(`bench:agent:${o}`);
export const benchRunId = (o: number, r: number) => uuid4(`bench:agent-run:${o}:${r}`);

export async function seedAgentsDataset(db: Pool, base: BaseDataset): Promise<void> {
  const orgs = AGENT_ORGS.filter((o) => o <= base.size.organizations);
  const { rows } = await db.query(`select count(*)::int as n from agent_runs where id = $1`, [benchRunId(orgs[0], 1)]);
  if (rows[0].n > 0) return;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (const o of orgs) {
      const org = base.organizationId(o);
      await client.query(`update organizations set limits = limits || '{"maxConcurrentAgentRuns": 0}'::jsonb where id = $1`, [org]);
      await client.query(
        `insert into agents (organization_id, id, name, type, provider, capabilities, max_concurrent_runs)
         values ($1, $2, 'Bench agent', 'coding', 'codegen', '{"languages":[],"taskTypes":[],"labels":[]}', 5) on conflict do nothing`,
        [org, benchAgentId(o)],
      );
      await client.query(
        `insert into agent_credentials (organization_id, agent_id, external_organization_id, sealed_token, key_id)
         values ($1, $2, $3, 'v1:bench:never:opened:x', 'bench') on conflict do nothing`,
        [org, benchAgentId(o), String(o)],
      );
      await client.query(
        `insert into agent_runs (organization_id, id, agent_id, prompt, status, external_run_id, started_at, finished_at,
            estimated_input_tokens, estimated_output_tokens, estimated_cost_usd, created_at)
         select $1, ${UUID4_SQL(`'bench:agent-run:' || $3::text || ':' || r`)}, $2,
            'Fix bench issue ' || r, (array['completed', 'failed', 'cancelled', 'completed'])[1 + r % 4], (100000 + r)::text,
            now() - make_interval(mins => r), now() - make_interval(mins => r) + make_interval(secs => 60 + r % 600),
            50, 400, 0.006150, now() - make_interval(mins => r)
         from generate_series(1, $4::int) r`,
        [org, benchAgentId(o), o, RUNS_PER_ORG],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await db.query('analyze agents, agent_credentials, agent_runs');
}
