import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { diffRecords } from '../../libs/audit/src/diff';
import { estimateBefore } from '../../src/modules/agents/domain/cost';
import { checkBudget, monthStart } from '../../src/modules/agents/domain/limits';
import { ADD_USAGE, AGENT_BY_ID, LOCK_ORGANIZATION_RUNS, RUN_BY_ID, SPEND_SINCE } from '../../src/modules/agents/infrastructure/persistence/agent.sql';
import { CURRENT_ORGANIZATION } from '../../src/modules/organizations/infrastructure/persistence/organization.sql';
import { BaselineActor, BaselineTools, unauthenticated } from '../lib/baseline-tools';

/*
 * Hand-written equivalents of the agents routes the bench measures: the same statements in the
 * same order inside the same tenant transaction (the organization lock, the agent row locked,
 * its credentials, the organization's limits, the month's spend, the insert read back, the usage
 * counters, the job, the audit entry), the module's pure rules (estimate, budget), the same JSON.
 */

const PRICING = { inputUsdPerMillion: 3, outputUsdPerMillion: 15, expectedOutputTokens: 4000 };

const INSERT_RUN = `insert into agent_runs (organization_id, id, agent_id, task_id, prompt, context, source_type, estimated_input_tokens,
  estimated_output_tokens, estimated_cost_usd, template_version_id, created_by) values ($1, $2, $3, null, $4, $5, 'api', $6, $7, $8, null, $9)`;
const AUDIT_SQL = `insert into audit_logs (organization_id, actor_type, actor_id, action, entity_type, entity_id, changes, request_id)
  values ($1, $2, $3, 'create', 'agent_run', $4, $5, $6)`;
const SEND_JOB = `select job_queue_send($1, $2, $3, $4, $5, $6, $7, $8) as id`;

function toJson(row: Record<string, any>) {
  const { organizationId: _o, step: _s, createdBy: _c, ...rest } = row;
  const estimatedCostUsd = Number(row.estimatedCostUsd);
  const reportedCostUsd = row.reportedCostUsd === null ? null : Number(row.reportedCostUsd);
  return { ...rest, estimatedCostUsd, reportedCostUsd, costIsEstimate: reportedCostUsd === null };
}

type Handler = (request: { params: Record<string, string>; body: any }, actor: BaselineActor, client: PoolClient) => Promise<unknown>;

function route(app: FastifyInstance, tools: BaselineTools, method: 'GET' | 'POST', url: string, handler: Handler, status: number) {
  app.route({
    method,
    url,
    handler: async (request, reply) => {
      const actor = tools.authenticate(request.headers);
      if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
      const result = await tools.callerTransaction(actor, (client) => handler(request as never, actor, client));
      if (result === undefined) return reply.code(404).send({ status: 404, code: 'AGENTS.RUN_NOT_FOUND' });
      return reply.code(status).send(result);
    },
  });
}

export function registerAgentBaselines(app: FastifyInstance, tools: BaselineTools): void {
  route(
    app,
    tools,
    'GET',
    '/v1/agent-runs/:id',
    async ({ params }, actor, client) => {
      const row = (await client.query(RUN_BY_ID(false), [actor.organizationId, params.id])).rows[0];
      return row ? toJson(row) : undefined;
    },
    200,
  );

  route(
    app,
    tools,
    'POST',
    '/v1/agents/:id/runs',
    async ({ params, body }, actor, client) => {
      const org = actor.organizationId;
      await client.query(LOCK_ORGANIZATION_RUNS, [org]);
      const agent = (await client.query(AGENT_BY_ID(true), [org, params.id])).rows[0];
      if (!agent || !agent.active) return undefined;
      const context = body.context ?? {};
      const limits = (await client.query(CURRENT_ORGANIZATION, [org])).rows[0].limits;
      const spend = (await client.query(SPEND_SINCE, [org, monthStart(new Date()), params.id])).rows[0];
      const estimate = estimateBefore(body.prompt, context, PRICING);
      const refused = checkBudget(
        { organizationUsd: limits.monthlyAgentBudgetUsd, agentUsd: agent.monthlyBudgetUsd === null ? null : Number(agent.monthlyBudgetUsd) },
        { organizationUsd: Number(spend.organization_usd), agentUsd: Number(spend.agent_usd) },
        estimate.costUsd,
      );
      if (refused) throw refused;
      const id = randomUUID();
      const createdBy = actor.type === 'user' ? actor.id : null;
      await client.query(INSERT_RUN, [
        org,
        id,
        params.id,
        body.prompt,
        context,
        estimate.inputTokens,
        estimate.outputTokens,
        String(estimate.costUsd),
        createdBy,
      ]);
      const row = (await client.query(RUN_BY_ID(false), [org, id])).rows[0];
      await client.query(ADD_USAGE, [org, params.id, 1, 0, 0, 0, 0, row.createdAt]);
      await client.query(SEND_JOB, ['agent-runs', org, { runId: id, step: 0 }, new Date(), 5, 2000, 600_000, null]);
      const after = { agentId: params.id, taskId: null, sourceType: 'api', estimatedCostUsd: estimate.costUsd, promptLength: body.prompt.length };
      await client.query(AUDIT_SQL, [org, actor.type, actor.id, id, JSON.stringify(diffRecords(null, after)), randomUUID()]);
      return toJson(row);
    },
    201,
  );
}
