import { Session, TestApp } from '../support/test-app';
import { FakeCodegen } from './fake-codegen';
import { agentEnv, createAgent, eventually } from './support';

/**
 * The provider's limits hold across replicas: two application instances (two worker pools) on one
 * database share each provider account's windows. On the embedded database a second process
 * cannot open the same data, so there the two pools are one; the windows are the same rows.
 */
describe('agents: provider rate limits across worker processes', () => {
  let fake: FakeCodegen;
  const apps: TestApp[] = [];
  let owner: Session;

  beforeAll(async () => {
    fake = await FakeCodegen.start();
    const env = agentEnv(fake, {
      AGENTS_CODEGEN_CREATES_PER_MINUTE: '3',
      AGENTS_CODEGEN_READS_PER_30S: '5',
      AGENTS_POLL_BASE_MS: '20',
      AGENTS_POLL_MAX_MS: '40',
    });
    apps.push(await TestApp.start(env));
    if (!apps[0].isEmbedded) apps.push(await TestApp.start(env));
    owner = await apps[0].signup();
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await fake.close();
  });

  it('never sends more than 3 creations a minute nor 5 reads in 30 s for one provider account, whichever instance works', async () => {
    const t = apps[0];
    const agent = await createAgent(t, fake, owner, { maxConcurrentRuns: 10 });
    fake.scriptFor('[limited]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1)
      ids.push((await apps[i % apps.length].post(`/v1/agents/${agent.id}/runs`, { prompt: `limited ${i} [limited]` }, { token: owner.accessToken })).body.id);
    // Three submissions and five reads happen at once; then everything waits for the windows.
    await eventually(
      async () => fake.of('create', agent.externalOrg).length >= 3 && fake.of('read', agent.externalOrg).length >= 5,
      15_000,
      'the windows to fill',
    );
    // Let both worker pools try for a while longer (polls are due every 40 ms): nothing more may pass.
    const deadline = Date.now() + 1500;
    await eventually(async () => Date.now() > deadline, 5000);
    expect(fake.of('create', agent.externalOrg)).toHaveLength(3);
    expect(fake.of('read', agent.externalOrg)).toHaveLength(5);
    expect(fake.maxInWindow('create', agent.externalOrg, 60_000)).toBe(3);
    const waiting = await t.sql(`select status, next_check_at from agent_runs where agent_id = $1 and status = 'queued'`, [agent.id]);
    expect(waiting).toHaveLength(3);
    const firstCreate = Math.min(...fake.of('create', agent.externalOrg).map((r) => r.at));
    // They wait for the minute window to roll over, not for a retry loop.
    for (const row of waiting) expect(new Date(row.next_check_at).getTime()).toBeGreaterThanOrEqual(firstCreate + 59_000);
    for (const id of ids) await t.post(`/v1/agent-runs/${id}/cancel`, {}, { token: owner.accessToken });
  });
});
