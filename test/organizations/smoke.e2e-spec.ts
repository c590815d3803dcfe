import { TestApp } from '../support/test-app';

describe('platform smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('signs up, reads /v1/me and lists members', async () => {
    const session = await t.signup();
    const me = await t.get('/v1/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(session.user.email);
    const members = await t.get('/v1/members', { token: session.accessToken });
    expect(members.body.items).toHaveLength(1);
    expect(members.headers['x-request-id']).toBeDefined();
  });

  it('answers readiness', async () => {
    const ready = await t.get('/health/ready');
    expect(ready.status).toBe(200);
  });
});
