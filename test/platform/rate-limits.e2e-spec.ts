import { TestApp } from '../support/test-app';

describe('rate limits per organization and per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_ORG_PER_MINUTE: '4', RATE_LIMIT_API_KEY_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  function expectLimited(response: { status: number; body: { code: string; scope: string }; headers: Record<string, unknown> }, scope: string) {
    expect([response.status, response.body.code, response.body.scope]).toEqual([429, 'AUTH.RATE_LIMITED', scope]);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('the request after the organization’s limit answers 429 with Retry-After, other organizations unaffected', async () => {
    const owner = await t.signup();
    const member = await t.addMember(owner, 'viewer'); // the invitation is the organization's first request
    for (let i = 0; i < 3; i += 1) expect((await t.get('/v1/me', { token: i % 2 ? member.accessToken : owner.accessToken })).status).toBe(200);
    // The limit counts the organization, whoever calls.
    expectLimited(await t.get('/v1/me', { token: member.accessToken }), 'organization');
    expectLimited(await t.get('/v1/organization', { token: owner.accessToken }), 'organization');

    const other = await t.signup();
    expect((await t.get('/v1/me', { token: other.accessToken })).status).toBe(200);
    // Open routes are not counted against an organization.
    expect((await t.get('/health/live')).status).toBe(200);
  });

  it('an API key has its own, lower limit; its refused requests do not spend the organization’s budget', async () => {
    const owner = await t.signup();
    const key = (await t.post('/v1/api-keys', { name: 'busy', role: 'viewer' }, { token: owner.accessToken })).body.key; // org: 1
    expect((await t.get('/v1/me', { apiKey: key })).status).toBe(200); // org: 2
    expect((await t.get('/v1/me', { apiKey: key })).status).toBe(200); // org: 3
    for (let i = 0; i < 5; i += 1) expectLimited(await t.get('/v1/me', { apiKey: key }), 'API key');
    // The organization still has room for its users.
    expect((await t.get('/v1/me', { token: owner.accessToken })).status).toBe(200); // org: 4
    expectLimited(await t.get('/v1/me', { token: owner.accessToken }), 'organization');
  });
});
