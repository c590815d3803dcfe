import { Session, TestApp } from '../support/test-app';
import { FakeCodegen } from './fake-codegen';
import { agentEnv, createAgent, waitForStatus } from './support';

describe('agents: the provider is reached only through the outbound gate', () => {
  let fake: FakeCodegen;
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    fake = await FakeCodegen.start();
    // The Codegen base URL points into our own network (127.0.0.1) and nothing allows it.
    t = await TestApp.start(agentEnv(fake, { OUTBOUND_ALLOWED_HOSTS: 'api.codegen.com' }));
    owner = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('a base URL into our own network is refused: the run fails with the gate’s sentence and nothing reaches the address', async () => {
    const agent = await createAgent(t, fake, owner);
    const run = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Reach inside' }, { token: owner.accessToken });
    expect(run.status).toBe(201);
    const failed = await waitForStatus(t, owner, run.body.id, ['failed']);
    expect(failed.error).toMatch(/refused by the outbound policy/);
    expect(failed.error).not.toContain(agent.token);
    expect(fake.of('create', agent.externalOrg)).toHaveLength(0);
  });
});
