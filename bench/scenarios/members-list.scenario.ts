import { unauthenticated } from '../lib/baseline-tools';
import { defineScenario } from '../lib/scenario';

// MembershipTypeormRepository.list, first page, no role filter.
const MEMBERS_SQL = `select m.id, m.user_id, u.email, u.name, m.role, m.version, m.created_at from memberships m join users u on u.id = m.user_id
       where m.organization_id = nullif(current_setting('app.current_org_id', true), '')::uuid order by m.created_at, m.id limit $1`;

/** A keyset-paginated list joining two RLS-protected tables, in the organization with the most members. */
export default defineScenario({
  name: 'members-list',
  title: 'GET /v1/members?limit=50 in the largest organization (JWT)',
  async seed(ctx) {
    const base = await ctx.base();
    const readers = Math.min(base.membersOf(1), 200);
    const tokens: string[] = [];
    for (let m = 1; m <= readers; m++) tokens.push(ctx.accessToken(base.userId(1, m), base.organizationId(1), base.role(m)));
    return tokens;
  },
  requests(tokens) {
    let i = 0;
    return () => ({ method: 'GET', path: '/v1/members?limit=50', headers: { authorization: `Bearer ${tokens[i++ % tokens.length]}` } });
  },
  baseline(app, tools) {
    app.get<{ Querystring: { limit?: string } }>('/v1/members', async (request, reply) => {
      const actor = tools.authenticate(request.headers);
      if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
      const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ status: 400, code: 'VALIDATION_FAILED' });
      const rows = await tools.callerTransaction(actor, async (client) => {
        return (await client.query(MEMBERS_SQL, [limit + 1])).rows;
      });
      const hasMore = rows.length > limit;
      const items = hasMore ? rows.slice(0, limit) : rows;
      const last = items[items.length - 1];
      return {
        items: items.map((row) => ({ userId: row.user_id, email: row.email, name: row.name, role: row.role, version: row.version, joinedAt: row.created_at })),
        nextCursor: hasMore ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null,
      };
    });
  },
});
