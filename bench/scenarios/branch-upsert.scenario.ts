import { createHash } from 'node:crypto';
import { unauthenticated } from '../lib/baseline-tools';
import { defineScenario } from '../lib/scenario';
import { BRANCH_REPOSITORIES, BRANCHES_PER_REPOSITORY, branchName, repositoryId, seedProjectsDataset } from '../seed/projects-dataset';

// BranchesService.upsert: repository exists, branch before (for the audit diff), the upsert, the audit entry.
const EXISTS_SQL = `select 1 from repositories where organization_id = $1 and id = $2`;
const FIND_SQL = `select b.id, b.repository_id, b.name, b.head_sha, b.protected, b.last_push_at, b.version, b.created_at, b.updated_at
  from branches b where b.organization_id = $1 and b.repository_id = $2 and b.name = $3`;
const UPSERT_SQL = `insert into branches as b (organization_id, repository_id, name, head_sha, protected, last_push_at)
  values ($1, $2, $3, $4, coalesce($5, false), $6)
  on conflict (organization_id, repository_id, name) do update set
    head_sha = case when $7 then excluded.head_sha else b.head_sha end,
    protected = coalesce($5, b.protected),
    last_push_at = coalesce(excluded.last_push_at, b.last_push_at),
    version = b.version + 1
  where b.last_push_at is null or excluded.last_push_at is null or excluded.last_push_at >= b.last_push_at
  returning b.id, b.repository_id, b.name, b.head_sha, b.protected, b.last_push_at, b.version, b.created_at, b.updated_at, (xmax = 0) as inserted`;
const AUDIT_SQL = `insert into audit_logs (organization_id, actor_type, actor_id, action, entity_type, entity_id, changes) values ($1, 'user', $2, $3, 'branch', $4, $5)`;

interface State {
  tokens: string[];
  repositories: string[];
}

/** A push event's worth of work: move the head of one of 1,000 existing branches (50 repositories). */
export default defineScenario<State>({
  name: 'branch-upsert',
  title: 'POST /v1/repositories/{id}/branches (upsert by name, audited), 1,000 branches',
  async seed(ctx) {
    const base = await ctx.base();
    await seedProjectsDataset(ctx.db, base);
    const tokens: string[] = [];
    for (let m = 1; m <= Math.min(base.membersOf(1), 200); m++) {
      if (base.role(m) !== 'viewer') tokens.push(ctx.accessToken(base.userId(1, m), base.organizationId(1), base.role(m)));
    }
    const repositories = Array.from({ length: BRANCH_REPOSITORIES }, (_, r) => repositoryId(1, r + 1));
    return { tokens, repositories };
  },
  requests({ tokens, repositories }) {
    let i = 0;
    return () => {
      i += 1;
      const repository = repositories[i % repositories.length];
      const branch = branchName(1 + (Math.floor(i / repositories.length) % BRANCHES_PER_REPOSITORY));
      const headSha = createHash('sha1').update(`push:${i}:${Date.now()}`).digest('hex');
      return {
        method: 'POST',
        path: `/v1/repositories/${repository}/branches`,
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
        body: { name: branch, headSha, lastPushAt: new Date().toISOString() },
      };
    };
  },
  baseline(app, tools) {
    app.post<{ Params: { id: string }; Body: { name: string; headSha?: string; protected?: boolean; lastPushAt?: string } }>(
      '/v1/repositories/:id/branches',
      async (request, reply) => {
        const actor = tools.authenticate(request.headers);
        if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
        const { name, headSha, lastPushAt } = request.body ?? ({} as { name: string });
        if (typeof name !== 'string' || (headSha !== undefined && !/^[0-9a-f]{40}$/.test(headSha))) return reply.code(400).send({ status: 400 });
        const outcome = await tools.callerTransaction(actor, async (client) => {
          const org = actor.organizationId;
          if ((await client.query(EXISTS_SQL, [org, request.params.id])).rowCount === 0) return undefined;
          const before = (await client.query(FIND_SQL, [org, request.params.id, name])).rows[0];
          const row = (
            await client.query(UPSERT_SQL, [
              org,
              request.params.id,
              name,
              headSha ?? null,
              request.body.protected ?? null,
              lastPushAt ? new Date(lastPushAt) : null,
              headSha !== undefined,
            ])
          ).rows[0];
          if (!row) return { branch: before, created: false, applied: false };
          await client.query(AUDIT_SQL, [
            org,
            actor.id,
            row.inserted ? 'create' : 'update',
            row.id,
            { head_sha: { before: before?.head_sha ?? null, after: row.head_sha } },
          ]);
          return { branch: row, created: row.inserted, applied: true };
        });
        if (!outcome) return reply.code(404).send({ status: 404 });
        const b = outcome.branch;
        return reply.code(outcome.created ? 201 : 200).send({
          id: b.id,
          repositoryId: b.repository_id,
          name: b.name,
          headSha: b.head_sha,
          protected: b.protected,
          lastPushAt: b.last_push_at,
          version: b.version,
          createdAt: b.created_at,
          updatedAt: b.updated_at,
          created: outcome.created,
          applied: outcome.applied,
        });
      },
    );
  },
});
