import { Response, Session, TestApp } from '../support/test-app';

/** Bad input never costs a 500: each case answers a clear 4xx problem document. */
describe('bad input', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start({ BODY_LIMIT_BYTES: '2048' });
    owner = await t.signup();
  });
  afterAll(() => t.close());

  function expectProblem(response: Response, status: number, code: string) {
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String), status });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  }
  const fields = (response: Response) => response.body.errors.map((e: { field: string }) => e.field).sort();

  it('malformed JSON → 400', async () => {
    for (const body of ['{bad', '{"email": "a@b.c",}', '']) {
      const response = await t.post('/v1/auth/login', body, { headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(body ? 'COMMON.MALFORMED_JSON' : 'COMMON.EMPTY_BODY');
    }
    expectProblem(await t.post('/v1/auth/login', '{bad'), 400, 'COMMON.MALFORMED_JSON');
    expectProblem(await t.post('/v1/auth/login', ''), 400, 'COMMON.EMPTY_BODY');
  });

  it('wrong types → 400 with errors[] naming each field', async () => {
    const response = await t.post('/v1/auth/signup', { organizationName: 42, organizationSlug: 'ok-slug', email: 'not-an-email', name: ['x'], password: true });
    expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
    expect([...new Set(fields(response))]).toEqual(['email', 'name', 'organizationName', 'password']);
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
  });

  it('prototype pollution attempts → 400', async () => {
    for (const body of ['{"email":"a@b.c","password":"x","__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}']) {
      const response = await t.post('/v1/auth/login', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a body that is not an object → 400', async () => {
    for (const body of [[1, 2], '"text"', 'null', '7']) {
      const response = await t.post('/v1/auth/login', typeof body === 'string' ? body : JSON.stringify(body));
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
  });

  it('unknown fields → 400, in bodies and in queries', async () => {
    const body = await t.post('/v1/api-keys', { name: 'k', role: 'viewer', isAdmin: true }, { token: owner.accessToken });
    expectProblem(body, 400, 'COMMON.VALIDATION_FAILED');
    expect(body.body.errors).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
    const query = await t.get('/v1/members?admin=true', { token: owner.accessToken });
    expectProblem(query, 400, 'COMMON.VALIDATION_FAILED');
    expect(fields(query)).toEqual(['admin']);
  });

  it('unknown enum values → 400', async () => {
    const response = await t.post('/v1/invitations', { email: 'x@example.test', role: 'superuser' }, { token: owner.accessToken });
    expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
    expect(fields(response)).toEqual(['role']);
    expectProblem(await t.get('/v1/members?role=boss', { token: owner.accessToken }), 400, 'COMMON.VALIDATION_FAILED');
  });

  it('an invalid UUID in the path → 400 naming the parameter', async () => {
    for (const [method, url] of [
      ['GET', '/v1/members/not-a-uuid'],
      ['PATCH', '/v1/members/123'],
      ['DELETE', '/v1/api-keys/xyz'],
      ['DELETE', "/v1/invitations/1'%20or%201=1"],
    ]) {
      const response = await t.request(method, url, { token: owner.accessToken, body: method === 'PATCH' ? { role: 'viewer' } : undefined });
      expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: expect.stringMatching(/^(id|userId)$/), message: 'must be a UUID' }]);
    }
  });

  it('a body over the limit → 413', async () => {
    const response = await t.post('/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(5000) });
    expectProblem(response, 413, 'COMMON.PAYLOAD_TOO_LARGE');
  });

  it('an unsupported media type → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await t.post('/v1/auth/login', 'email=a@b.c', { headers: { 'content-type': type } });
      expectProblem(response, 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('an unknown route → 404, with or without credentials', async () => {
    expectProblem(await t.get('/v1/nothing-here'), 404, 'COMMON.ROUTE_NOT_FOUND');
    expectProblem(await t.get('/v1/nothing-here', { token: owner.accessToken }), 404, 'COMMON.ROUTE_NOT_FOUND');
    expectProblem(await t.request('PUT', '/v1/organization', { token: owner.accessToken, body: {} }), 404, 'COMMON.ROUTE_NOT_FOUND');
  });

  it('a record another request already holds → 409 naming the conflict', async () => {
    const response = await t.post('/v1/auth/signup', {
      organizationName: 'Dup',
      organizationSlug: owner.organization.slug,
      email: 'dup@example.test',
      name: 'D',
      password: 'correct horse battery staple',
    });
    // The adapter names the conflict in the module's terms; an untranslated unique violation would
    // answer COMMON.ALREADY_EXISTS (libs/http problem.spec.ts).
    expectProblem(response, 409, 'ORGANIZATIONS.SLUG_TAKEN');
    expect(response.body.slug).toBe(owner.organization.slug);
  });

  it('cursor garbage and a page size over 100 → 400', async () => {
    for (const query of ['cursor=garbage', `cursor=${Buffer.from('[1]').toString('base64url')}`, 'limit=101', 'limit=0', 'limit=ten']) {
      const response = await t.get(`/v1/members?${query}`, { token: owner.accessToken });
      expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
      expect([...new Set(fields(response))]).toEqual([query.split('=')[0]]);
    }
  });

  it('a bad Idempotency-Key → 400', async () => {
    const response = await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, { token: owner.accessToken, headers: { 'idempotency-key': 'x'.repeat(300) } });
    expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
  });

  it('keeps a sane X-Request-Id, replaces an unsafe one', async () => {
    const kept = await t.get('/health/live', { headers: { 'x-request-id': 'client-id-123' } });
    expect(kept.headers['x-request-id']).toBe('client-id-123');
    const replaced = await t.get('/health/live', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('nothing half-written remains after a failure', async () => {
    const before = await t.get('/v1/audit-logs?limit=100', { token: owner.accessToken });
    await t.post('/v1/invitations', { email: 'x@example.test', role: 'owner', extra: 1 }, { token: owner.accessToken });
    await t.post('/v1/api-keys', { name: 'past', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' }, { token: owner.accessToken });
    const after = await t.get('/v1/audit-logs?limit=100', { token: owner.accessToken });
    expect(after.body.items).toEqual(before.body.items);
  });
});
