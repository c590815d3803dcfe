import { defineScenario } from '../lib/scenario';
import { registerMeBaseline } from './me.baseline';

/** Machine authentication: the key checked by auth_enter() as the transaction's first statement, then GET /v1/me. */
export default defineScenario({
  name: 'me-api-key',
  title: 'GET /v1/me with an X-API-Key (1,000 keys in 1,000 organizations)',
  async seed(ctx) {
    const base = await ctx.base();
    const keys: string[] = [];
    for (let o = 1; o <= Math.min(base.size.organizations, 1000); o++) keys.push(base.apiKey(o));
    return keys;
  },
  requests(keys) {
    let i = 0;
    return () => ({ method: 'GET', path: '/v1/me', headers: { 'x-api-key': keys[i++ % keys.length] } });
  },
  baseline: registerMeBaseline,
});
