import { defineScenario } from '../lib/scenario';

/**
 * The fixed cost of the HTTP stack, no database, no authentication: the liveness probe. What the
 * service spends here (request id, context, guards, interceptors, metrics, logging) it spends on
 * every request, so it bounds the ratio of every cheap route.
 */
export default defineScenario({
  name: 'http-floor',
  title: 'GET /health/live (no database, no auth): the per-request floor',
  async seed() {
    return undefined;
  },
  requests() {
    return () => ({ method: 'GET', path: '/health/live' });
  },
  baseline(app) {
    app.get('/health/live', async () => ({ status: 'ok' }));
  },
});
