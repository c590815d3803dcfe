import { defineScenario } from '../lib/scenario';
import { seedProjectsDataset } from '../seed/projects-dataset';
import { registerRepositoriesListBaseline } from './projects.baseline';

/** The first page of 50 of an organization's 5,000 repositories, each with its linked project ids. */
export default defineScenario({
  name: 'repositories-list',
  title: 'GET /v1/repositories?limit=50, organization with 5,000 repositories among 1,000 (JWT)',
  async seed(ctx) {
    const base = await ctx.base();
    await seedProjectsDataset(ctx.db, base);
    const readers = Math.min(base.membersOf(1), 200);
    const tokens: string[] = [];
    for (let m = 1; m <= readers; m++) tokens.push(ctx.accessToken(base.userId(1, m), base.organizationId(1), base.role(m)));
    return tokens;
  },
  requests(tokens) {
    let i = 0;
    return () => ({ method: 'GET', path: '/v1/repositories?limit=50', headers: { authorization: `Bearer ${tokens[i++ % tokens.length]}` } });
  },
  baseline: registerRepositoriesListBaseline,
});
