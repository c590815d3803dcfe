import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { TestApp } from '../support/test-app';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIV3.Document;
  let operations: Array<{ method: string; path: string; operation: OpenAPIV3.OperationObject }>;

  beforeAll(async () => {
    t = await TestApp.start();
    const response = await t.get('/docs-json');
    expect(response.status).toBe(200);
    document = response.body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item?.[method]).map((method) => ({ method, path, operation: item![method]! })),
    );
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(['api-key', 'jwt']);
  });

  it('describes the routes of the contract', () => {
    const routes = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/auth/signup',
        'POST /v1/auth/login',
        'POST /v1/auth/refresh',
        'POST /v1/auth/logout',
        'GET /v1/me',
        'GET /v1/organization',
        'PATCH /v1/organization',
        'DELETE /v1/organization',
        'GET /v1/members',
        'PATCH /v1/members/{userId}',
        'DELETE /v1/members/{userId}',
        'POST /v1/invitations',
        'GET /v1/invitations',
        'DELETE /v1/invitations/{id}',
        'POST /v1/invitations/accept',
        'POST /v1/api-keys',
        'GET /v1/api-keys',
        'DELETE /v1/api-keys/{id}',
        'GET /v1/audit-logs',
        'GET /health/live',
        'GET /health/ready',
      ]),
    );
  });

  it('gives every operation a summary, a tag and a success response', () => {
    const missing = operations.filter(({ operation }) => !operation.summary || !operation.tags?.length || !Object.keys(operation.responses).some((s) => /^2/.test(s)));
    expect(missing.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it('declares security on every operation but the public ones, with 401 and 403 answers', () => {
    const secured = operations.filter((o) => o.operation.security?.length);
    const open = operations.filter((o) => !o.operation.security?.length).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(open.filter((route) => !/^(POST \/v1\/auth\/|POST \/v1\/invitations\/accept$|GET \/health\/)/.test(route))).toEqual([]);
    for (const { operation } of secured) {
      expect(operation.security).toEqual(expect.arrayContaining([{ jwt: [] }, { 'api-key': [] }]));
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('the declared security matches what the service enforces', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const { method, path, operation } of operations) {
      const url = path.replace(/\{[^}]+\}/g, uuid);
      const response = await t.request(method.toUpperCase(), url, { body: ['post', 'put', 'patch'].includes(method) ? {} : undefined });
      const declared = Boolean(operation.security?.length);
      expect({ route: `${method} ${path}`, unauthorized: response.status === 401 }).toEqual({ route: `${method} ${path}`, unauthorized: declared });
    }
  });

  it('documents request and response schemas with examples', () => {
    const schemas = document.components?.schemas ?? {};
    const signup = schemas.SignupRequest as OpenAPIV3.SchemaObject;
    expect(signup.required).toEqual(expect.arrayContaining(['organizationName', 'organizationSlug', 'email', 'name', 'password']));
    expect((signup.properties?.email as OpenAPIV3.SchemaObject).example).toBeDefined();
    const created = schemas.CreatedApiKeyResponse as OpenAPIV3.SchemaObject;
    expect(JSON.stringify(created)).toContain('key');
    const list = document.paths['/v1/members']!.get!;
    expect(JSON.stringify(list.responses['200'])).toContain('#/components/schemas/PageMeta');
    expect((schemas.PageMeta as OpenAPIV3.SchemaObject).properties).toHaveProperty('nextCursor');
    expect(list.parameters?.map((p) => (p as OpenAPIV3.ParameterObject).name)).toEqual(expect.arrayContaining(['limit', 'cursor', 'role']));
  });
});
