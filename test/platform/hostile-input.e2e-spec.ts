import { fixtures } from '../support/fixtures';
import { Response, Session, TestApp } from '../support/test-app';

/**
 * The input rules at the edge (docs/api-conventions.md, "Input rules"): NUL characters, deep
 * nesting, non-object bodies and foreign charsets are refused with a 4xx before validation, the
 * use case or the database see them; and the security headers every response carries.
 */
describe('hostile input and security headers', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  const as = () => ({ token: owner.accessToken });
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    projectId = (await fixtures(t).project(owner)).id;
  });
  afterAll(() => t.close());

  function expectProblem(response: Response, status: number, code: string) {
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  }
  const textFields = (response: Response) => {
    expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
    for (const error of response.body.errors) expect(error.message).toMatch(/NUL|surrogate/);
    return response.body.errors.map((e: { field: string }) => e.field);
  };
  const stored = async () => {
    const [row] = await t.sql(
      'select (select count(*) from projects where organization_id = $1)::int as projects, (select count(*) from tasks where organization_id = $1)::int as tasks',
      [owner.organization.id],
    );
    return row;
  };

  describe('NUL characters (U+0000)', () => {
    it('in a body string, a nested JSON field or an object key → 400 naming the field, nothing stored', async () => {
      const before = await stored();
      expect(textFields(await t.post('/v1/projects', '{"name":"a\\u0000b","slug":"nul-one"}', as()))).toEqual(['name']);
      const nested = await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"ok","metadata":{"a":{"b":["x","y\\u0000"]}}}`, as());
      expect(textFields(nested)).toEqual(['metadata.a.b.1']);
      const key = await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"ok","metadata":{"k\\u0000ey":1}}`, as());
      expect(textFields(key)).toEqual(['metadata.k\\u0000ey']);
      const several = await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"\\u0000","labels":["ok","\\u0000"]}`, as());
      expect(textFields(several)).toEqual(['title', 'labels.1']);
      expect(await stored()).toEqual(before);
    });

    it('in JSON fields the database stores as jsonb → 400, not a database error', async () => {
      const preferences = await t.patch('/v1/me', '{"preferences":{"theme":"\\u0000"}}', as());
      expect(textFields(preferences)).toEqual(['preferences.theme']);
      const settings = await t.patch('/v1/organization', '{"settings":{"x\\u0000":true}}', as());
      expect(textFields(settings)).toEqual(['settings.x\\u0000']);
    });

    it('in a query parameter → 400 naming it', async () => {
      expect(textFields(await t.get('/v1/tasks?q=a%00b', as()))).toEqual(['q']);
      expect(textFields(await t.get('/v1/tasks?label=%00', as()))).toEqual(['label']);
      expect(textFields(await t.get('/v1/audit-logs?entityId=%00', as()))).toEqual(['entityId']);
    });

    it('an unpaired surrogate (cannot be stored either) → 400 naming the field, not a database error', async () => {
      const before = await stored();
      expect(textFields(await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"\\ud800"}`, as()))).toEqual(['title']);
      expect(textFields(await t.patch('/v1/me', '{"preferences":{"a":"\\udfff"}}', as()))).toEqual(['preferences.a']);
      expect(await stored()).toEqual(before);
      const emoji = await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"ship it \\ud83d\\ude80"}`, as());
      expect(emoji.body.title).toBe('ship it 🚀');
    });

    it('in a path parameter → 400 naming it', async () => {
      expect(textFields(await t.get('/v1/projects/a%00b', as()))).toEqual(['idOrSlug']);
    });

    it('the escaped text \\\\u0000 (a backslash, then u0000) is ordinary text', async () => {
      const response = await t.post('/v1/projects', { name: 'a\\u0000b', slug: 'escaped-nul' }, as());
      expect(response.status).toBe(201);
      expect(response.body.name).toBe('a\\u0000b');
    });
  });

  describe('nesting depth', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    it('a body nested 3,000 levels → 400 before it is transformed, and the service still serves', async () => {
      const before = await stored();
      expectProblem(await t.post('/v1/projects', `{"name":"n","slug":"deep-one","x":${nested(3000)}}`, as()), 400, 'COMMON.JSON_TOO_DEEP');
      const inMetadata = await t.post('/v1/tasks', `{"projectId":"${projectId}","title":"deep","metadata":{"a":${nested(3000)}}}`, as());
      expectProblem(inMetadata, 400, 'COMMON.JSON_TOO_DEEP');
      expect(inMetadata.body.maxDepth).toBe(64);
      expectProblem(await t.post('/v1/tasks', `{"metadata":${nested(65)}}`, as()), 400, 'COMMON.JSON_TOO_DEEP');
      expect(await stored()).toEqual(before);
      expect((await t.get('/v1/me', as())).status).toBe(200);
    });

    it('brackets inside strings do not count; depth 10 passes', async () => {
      let metadata: unknown = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[';
      for (let depth = 2; depth <= 10; depth++) metadata = { level: metadata };
      const response = await t.post('/v1/tasks', { projectId, title: 'Ten deep', metadata }, as());
      expect(response.status).toBe(201);
      expect(response.body.metadata).toEqual(metadata);
    });
  });

  describe('a body that is not a JSON object', () => {
    const notObjects = ['[]', '"x"', '1', 'null', 'true'];

    it('PATCH /v1/me (every field optional) → 400 for each, nothing changed', async () => {
      const before = (await t.get('/v1/me', as())).body;
      for (const body of notObjects) {
        const response = await t.patch('/v1/me', body, { ...as(), headers: json });
        expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'COMMON.BODY_NOT_OBJECT' });
      }
      expect((await t.get('/v1/me', as())).body).toEqual(before);
    });

    it('POST /v1/tasks/claim (optional body) → 400 for each, and no task is claimed', async () => {
      const task = await fixtures(t).task(owner, projectId);
      for (const body of notObjects) {
        const response = await t.post('/v1/tasks/claim', body, { ...as(), headers: json });
        expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'COMMON.BODY_NOT_OBJECT' });
      }
      expect((await t.get(`/v1/tasks/${task.id}`, as())).body).toMatchObject({ status: task.status, assignee: null });
      // No body at all is still the documented "claim with defaults".
      expect((await t.post('/v1/tasks/claim', undefined, as())).status).toBe(200);
    });
  });

  describe('charset', () => {
    it('a JSON body in another charset → 415; UTF-8 spelled either way is accepted', async () => {
      for (const type of ['application/json; charset=utf-16', 'application/json;charset="ISO-8859-1"', 'application/json; charset=utf-32le']) {
        const response = await t.patch('/v1/me', { name: 'Charset' }, { ...as(), headers: { 'content-type': type } });
        expectProblem(response, 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE');
      }
      for (const type of ['application/json; charset=utf-8', 'application/json; charset=UTF8', 'application/json']) {
        expect((await t.patch('/v1/me', { name: owner.user.name }, { ...as(), headers: { 'content-type': type } })).status).toBe(200);
      }
    });

    it('bytes that are not UTF-8 → 400', async () => {
      const response = await t.app.inject({
        method: 'PATCH',
        url: '/v1/me',
        headers: { ...json, authorization: `Bearer ${owner.accessToken}` },
        payload: Buffer.from('{"name":"\xff\xfe"}', 'latin1'),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('COMMON.MALFORMED_JSON');
    });
  });

  describe('security headers', () => {
    it('every answer: nosniff, no framing, no-store, no HSTS by default', async () => {
      for (const response of [await t.get('/v1/me', as()), await t.get('/v1/nothing-here'), await t.get('/health/live')]) {
        expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('answers carrying tokens or secrets are never stored: signup, login, refresh, API key', async () => {
      const email = `headers-${Date.now()}@example.test`;
      const signup = await t.post('/v1/auth/signup', {
        organizationName: 'H',
        organizationSlug: `h-${Date.now()}`,
        email,
        name: 'H',
        password: 'correct horse battery staple',
      });
      const login = await t.post('/v1/auth/login', { email, password: 'correct horse battery staple' });
      const refresh = await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      const apiKey = await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, as());
      for (const response of [signup, login, refresh, apiKey]) {
        expect(response.status).toBeLessThan(300);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('/docs carries a CSP that allows only its own scripts', async () => {
      const docs = await t.get('/docs');
      expect(docs.status).toBe(200);
      const csp = String(docs.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(docs.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});
