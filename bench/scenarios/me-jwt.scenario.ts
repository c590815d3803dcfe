import { defineScenario } from '../lib/scenario';
import { registerMeBaseline } from './me.baseline';

/** The cheapest authenticated read: JWT check, one tenant transaction, user + organization by key. */
export default defineScenario({
  name: 'me-jwt',
  title: 'GET /v1/me with a JWT (1,000 users in 1,000 organizations)',
  async seed(ctx) {
    const base = await ctx.base();
    const organizations = Math.min(base.size.organizations, 1000);
    const tokens: string[] = [];
    for (let o = 1; o <= organizations; o++) {
      const m = 1 + (o % base.membersOf(o));
      tokens.push(ctx.accessToken(base.userId(o, m), base.organizationId(o), base.role(m)));
    }
    return tokens;
  },
  requests(tokens) {
    let i = 0;
    return () => ({ method: 'GET', path: '/v1/me', headers: { authorization: `Bearer ${tokens[i++ % tokens.length]}` } });
  },
  baseline: registerMeBaseline,
});
