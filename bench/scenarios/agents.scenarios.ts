import { defineScenario, SeedContext } from '../lib/scenario';
import { AGENT_ORGS, benchAgentId, benchRunId, RUNS_PER_ORG, seedAgentsDataset } from '../seed/agents-dataset';
import { registerAgentBaselines } from './agents.baseline';

/*
 * AI Agents (issue 13): run creation (POST /v1/agents/{id}/runs: the budget and concurrency
 * decisions under the organization's lock, the insert, the job, the audit entry) and status
 * reads (GET /v1/agent-runs/{id}), over organizations 9,001…9,010 (bench/seed/agents-dataset.ts).
 */

interface AgentTokens {
  /** [organization number, member token] of writers. */
  writers: Array<[number, string]>;
}

async function tokensOf(ctx: SeedContext): Promise<AgentTokens> {
  const base = await ctx.base();
  await seedAgentsDataset(ctx.db, base);
  const writers: Array<[number, string]> = [];
  for (const o of AGENT_ORGS.filter((n) => n <= base.size.organizations)) {
    for (let m = 1; m <= Math.min(base.membersOf(o), 8); m++) {
      if (base.role(m) !== 'viewer') writers.push([o, ctx.accessToken(base.userId(o, m), base.organizationId(o), base.role(m))]);
    }
  }
  return { writers };
}

export const agentRunCreate = defineScenario<AgentTokens>({
  name: 'agent-run-create',
  title: 'POST /v1/agents/{id}/runs (budget and caps checked under the organization lock, queued with its job)',
  seed: tokensOf,
  expectedStatus: 201,
  requests({ writers }) {
    let i = 0;
    return () => {
      const [o, token] = writers[i++ % writers.length];
      return {
        method: 'POST',
        path: `/v1/agents/${benchAgentId(o)}/runs`,
        headers: { authorization: `Bearer ${token}` },
        body: { prompt: `Fix the flaky test number ${i} in payments/refunds.spec.ts and open a pull request`, context: { repository: 'acme/payments' } },
      };
    };
  },
  baseline: registerAgentBaselines,
});

export const agentRunGet = defineScenario<AgentTokens>({
  name: 'agent-run-get',
  title: 'GET /v1/agent-runs/{id}, 20,000 runs of 10 organizations',
  seed: tokensOf,
  requests({ writers }) {
    let i = 0;
    return () => {
      const [o, token] = writers[i % writers.length];
      const r = 1 + ((i++ * 7919) % RUNS_PER_ORG);
      return { method: 'GET', path: `/v1/agent-runs/${benchRunId(o, r)}`, headers: { authorization: `Bearer ${token}` } };
    };
  },
  baseline: registerAgentBaselines,
});
