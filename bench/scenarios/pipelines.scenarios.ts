import type { FastifyInstance } from 'fastify';
import { encodeCursor } from '../../libs/http/src/pagination';
import { toExecution } from '../../src/modules/pipelines/infrastructure/persistence/execution.sql-repository';
import {
  CLAIM_STEP,
  EXECUTION_COLUMNS,
  ExecutionRow,
  GET_EXECUTION,
  MARK_EXECUTION_RUNNING,
  RUNNER_ENTER,
  StepRow,
} from '../../src/modules/pipelines/infrastructure/persistence/execution.sql';
import { BaselineTools, unauthenticated } from '../lib/baseline-tools';
import { defineScenario } from '../lib/scenario';
import { CLAIM_ORGS, doubleClaims, historyPipelineId, resetClaimPool, runnerToken, seedPipelinesDataset } from '../seed/pipelines-dataset';

const LEASE_SECONDS = 60;
const rotate = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};

/**
 * 50 runners of 50 organizations (rotating over the 1,000 runners of the pool: each request is
 * one runner's claim) against 100,000 queued steps across 1,000 organizations, `wait=0`. The
 * seed reports the steps claimed twice during the previous run (must be 0), then refills the queue.
 */
export const pipelinesClaim = defineScenario({
  name: 'pipelines-claim',
  title: 'POST /v1/runner/claim?wait=0, runners of 1,000 organizations, 100,000 queued steps (SKIP LOCKED)',
  async seed(ctx) {
    const base = await ctx.base();
    await seedPipelinesDataset(ctx.db, base);
    const orgs = Math.min(base.size.organizations, CLAIM_ORGS);
    process.stderr.write(`[bench] pipelines-claim: ${await doubleClaims(ctx.db, orgs)} steps claimed twice since the last refill (must be 0)\n`);
    process.stderr.write(`[bench] pipelines-claim: ${await resetClaimPool(ctx.db, orgs)} steps queued\n`);
    return Array.from({ length: orgs }, (_, o) => runnerToken(o + 1));
  },
  requests(tokens) {
    const token = rotate(tokens);
    return () => ({ method: 'POST', path: '/v1/runner/claim?wait=0', headers: { authorization: `Bearer ${token()}` } });
  },
  baseline(app: FastifyInstance, tools: BaselineTools) {
    app.post('/v1/runner/claim', async (request, reply) => {
      const match = /^Bearer syr_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(String(request.headers.authorization ?? ''));
      if (!match) return reply.code(401).send(unauthenticated(request.url));
      const h = match[1];
      const runner = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      const hash = (await import('node:crypto')).createHash('sha256').update(match[2]).digest();
      const claimed = await tools.tenantTransaction({}, async (client) => {
        const { rows: entered } = await client.query<{ organization_id: string; labels: string[] }>(RUNNER_ENTER, [runner, hash]);
        if (!entered.length) return 'unauthenticated' as const;
        const org = entered[0].organization_id;
        const { rows } = await client.query<StepRow>(CLAIM_STEP, [org, entered[0].labels, runner, LEASE_SECONDS]);
        if (!rows.length) return undefined;
        const row = rows[0];
        let { rows: execution } = await client.query(MARK_EXECUTION_RUNNING, [org, row.execution_id, row.execution_created_key]);
        if (!execution.length) ({ rows: execution } = await client.query(GET_EXECUTION, [org, row.execution_id]));
        const e = execution[0];
        return {
          stepId: row.id,
          key: row.key,
          name: row.name,
          attempt: row.attempt,
          timeoutSeconds: row.timeout_seconds,
          spec: row.spec,
          leaseExpiresAt: row.lease_expires_at,
          execution: {
            id: row.execution_id,
            pipelineId: e.definition_id,
            pipelineVersion: e.definition_version,
            commitSha: e.commit_sha,
            branch: e.branch,
            inputs: e.inputs,
            runAttempt: e.run_attempt,
          },
        };
      });
      if (claimed === 'unauthenticated') return reply.code(401).send(unauthenticated(request.url));
      if (!claimed) return reply.code(204).send();
      return claimed;
    });
  },
});

/** A page of 50 of one pipeline's executions, newest first, among 3.65 M over a year of monthly partitions. */
export const pipelinesExecutionsList = defineScenario({
  name: 'pipelines-executions-list',
  title: 'GET /v1/pipeline-executions?pipelineId=…&limit=50, one pipeline with 3.65 M executions in 13 monthly partitions (JWT)',
  async seed(ctx) {
    const base = await ctx.base();
    await seedPipelinesDataset(ctx.db, base);
    const readers = Math.min(base.membersOf(1), 200);
    const tokens: string[] = [];
    for (let m = 1; m <= readers; m++) tokens.push(ctx.accessToken(base.userId(1, m), base.organizationId(1), base.role(m)));
    return tokens;
  },
  requests(tokens) {
    const token = rotate(tokens);
    const path = `/v1/pipeline-executions?pipelineId=${historyPipelineId()}&limit=50`;
    return () => ({ method: 'GET', path, headers: { authorization: `Bearer ${token()}` } });
  },
  baseline(app: FastifyInstance, tools: BaselineTools) {
    app.get('/v1/pipeline-executions', async (request, reply) => {
      const actor = tools.authenticate(request.headers);
      if (!actor) return reply.code(401).send(unauthenticated(request.url));
      const query = request.query as { pipelineId: string; limit?: string };
      const limit = Number(query.limit ?? 50);
      return tools.callerTransaction(actor, async (client) => {
        const { rows } = await client.query<ExecutionRow>(
          `select ${EXECUTION_COLUMNS} from pipeline_executions e where e.organization_id = $1 and e.definition_id = $2
           order by e.created_at desc, e.id desc limit $3`,
          [actor.organizationId, query.pipelineId, limit + 1],
        );
        const more = rows.length > limit;
        const kept = more ? rows.slice(0, limit) : rows;
        return {
          items: kept.map((row) => {
            const { partitionKey: _key, ...execution } = toExecution(actor.organizationId!, row);
            return execution;
          }),
          nextCursor: more ? encodeCursor([kept[kept.length - 1].cursor_at, kept[kept.length - 1].id]) : null,
        };
      });
    });
  },
});
