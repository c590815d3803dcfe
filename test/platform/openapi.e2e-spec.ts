import SwaggerParser from '@apidevtools/swagger-parser';
import { Logger } from '@nestjs/common';
import type { OpenAPIV3 } from 'openapi-types';
import { TestApp } from '../support/test-app';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/Problem';

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

/**
 * Every place a schema sits in the document, with a path that says where. A schema must say what
 * it is: a `$ref`, a composition, an enum or a `type`. An object says its `properties`, or is a
 * map of one value schema (`additionalProperties: {…}`), or is free-form JSON on purpose, which is
 * written exactly as `additionalProperties: true` (see ApiFreeFormJson in libs/http). Anything else
 * is how Swagger renders a TS type it could not read (`string | null` → `type: object`), and is refused.
 */
function schemaDefects(schema: Schema | undefined, where: string): string[] {
  if (!schema || '$ref' in schema) return [];
  const defects: string[] = [];
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (!schema.type && !parts.length && !schema.enum) defects.push(`${where}: no type`);
  if (schema.type === 'object' && !schema.properties && !parts.length && !schema.additionalProperties) {
    defects.push(`${where}: object without properties (free-form JSON must say additionalProperties: true)`);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) defects.push(...schemaDefects(property, `${where}.${name}`));
  if (schema.type === 'array') defects.push(...schemaDefects(schema.items, `${where}[]`));
  parts.forEach((part, i) => defects.push(...schemaDefects(part, `${where}<${i}>`)));
  if (typeof schema.additionalProperties === 'object') defects.push(...schemaDefects(schema.additionalProperties, `${where}{*}`));
  return defects;
}

/** A documented error answer: a problem document (or one extended with `allOf`), as application/problem+json only. */
function isProblemResponse(response: OpenAPIV3.ResponseObject | OpenAPIV3.ReferenceObject): boolean {
  if ('$ref' in response) return false;
  const types = Object.keys(response.content ?? {});
  const schema = response.content?.[PROBLEM_JSON]?.schema;
  if (types.length !== 1 || !schema) return false;
  if ('$ref' in schema) return schema.$ref === PROBLEM_REF;
  return Boolean(schema.allOf?.some((part) => '$ref' in part && part.$ref === PROBLEM_REF));
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIV3.Document;
  let operations: Array<{ method: string; path: string; operation: OpenAPIV3.OperationObject }>;
  /** What @nestjs/swagger reported while building the document (e.g. two DTO classes of one name). */
  const swaggerErrors: string[] = [];

  beforeAll(async () => {
    const logged = jest.spyOn(Logger, 'error').mockImplementation((message: unknown) => void swaggerErrors.push(String(message)));
    try {
      t = await TestApp.start();
    } finally {
      logged.mockRestore();
    }
    const response = await t.get('/docs-json');
    expect(response.status).toBe(200);
    document = response.body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item?.[method]).map((method) => ({ method, path, operation: item![method]! })),
    );
  });
  afterAll(() => t.close());

  it('is built without complaints: two DTO classes of one name would share one schema, and one route would document the other’s', () => {
    expect(swaggerErrors.filter((message) => message.includes('Duplicate DTO'))).toEqual([]);
  });

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(['api-key', 'jwt', 'platform-operator', 'runner-token']);
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
    const missing = operations.filter(
      ({ operation }) => !operation.summary || !operation.tags?.length || !Object.keys(operation.responses).some((s) => /^2/.test(s)),
    );
    expect(missing.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it('declares security on every operation but the public ones, with 401 and 403 answers', () => {
    const secured = operations.filter((o) => o.operation.security?.length);
    const open = operations.filter((o) => !o.operation.security?.length).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(open.filter((route) => !/^(POST \/v1\/auth\/|POST \/v1\/invitations\/accept$|GET \/health\/|POST \/v1\/webhooks\/)/.test(route))).toEqual([]);
    for (const { operation } of secured) {
      // Platform-wide maintenance answers to the platform operator's token only, never to a tenant credential.
      const platform = operation.security!.some((entry) => 'platform-operator' in entry);
      // The runner API answers to a runner's own token only (no role: a runner either holds a step or is refused).
      const runner = operation.security!.some((entry) => 'runner-token' in entry);
      if (runner) {
        expect(operation.security).toEqual([{ 'runner-token': [] }]);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401']));
        continue;
      }
      expect(operation.security).toEqual(platform ? [{ 'platform-operator': [] }] : expect.arrayContaining([{ jwt: [] }, { 'api-key': [] }]));
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

  it('types every schema: no untyped values, no object without properties unless marked free-form', () => {
    const defects = Object.entries(document.components?.schemas ?? {}).flatMap(([name, schema]) => schemaDefects(schema, name));
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of (operation.parameters ?? []) as OpenAPIV3.ParameterObject[])
        defects.push(...schemaDefects(parameter.schema, `${where} ${parameter.in} ${parameter.name}`));
      const body = operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      for (const [type, content] of Object.entries(body?.content ?? {})) defects.push(...schemaDefects(content.schema, `${where} body ${type}`));
      for (const [status, response] of Object.entries(operation.responses) as Array<[string, OpenAPIV3.ResponseObject]>) {
        for (const [type, content] of Object.entries(response.content ?? {})) defects.push(...schemaDefects(content.schema, `${where} ${status} ${type}`));
      }
    }
    expect(defects).toEqual([]);
  });

  it('gives every nullable scalar of a schema its type and an example', () => {
    const missing = Object.entries(document.components?.schemas ?? {}).flatMap(([name, schema]) =>
      Object.entries((schema as OpenAPIV3.SchemaObject).properties ?? {})
        .filter(([, property]) => !('$ref' in property) && property.nullable && !property.allOf && !property.oneOf)
        .filter(
          ([, property]) =>
            !['string', 'number', 'integer', 'boolean'].includes((property as OpenAPIV3.SchemaObject).type ?? '') ||
            (property as OpenAPIV3.SchemaObject).example === undefined,
        )
        .map(([property]) => `${name}.${property}`),
    );
    expect(missing).toEqual([]);
  });

  it('the checks above catch what they are for', () => {
    expect(schemaDefects({ type: 'object', properties: { dueDate: { type: 'object', nullable: true, format: 'date' } } }, 'X')).toEqual([
      'X.dueDate: object without properties (free-form JSON must say additionalProperties: true)',
    ]);
    expect(schemaDefects({ type: 'array', items: { example: 3 } as OpenAPIV3.SchemaObject }, 'X')).toEqual(['X[]: no type']);
    expect(schemaDefects({ type: 'object', additionalProperties: true }, 'X')).toEqual([]);
    expect(isProblemResponse({ description: 'x' })).toBe(false);
    expect(isProblemResponse({ description: 'x', content: { 'application/json': { schema: { $ref: PROBLEM_REF } } } })).toBe(false);
    expect(isProblemResponse({ description: 'x', content: { [PROBLEM_JSON]: { schema: { $ref: PROBLEM_REF } } } })).toBe(true);
  });

  it('documents the problem document once, as the Problem schema (RFC 9457 + code, requestId, errors)', () => {
    const problem = document.components?.schemas?.Problem as OpenAPIV3.SchemaObject;
    expect(Object.keys(problem.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'errors']),
    );
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
  });

  it('documents the error answers of every operation as problem documents', () => {
    const defects: string[] = [];
    for (const { method, path, operation } of operations) {
      const route = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(operation.responses);
      const errors = statuses.filter((status) => /^[45]/.test(status));
      for (const status of errors) if (!isProblemResponse(operation.responses[status])) defects.push(`${route} ${status}: not an ${PROBLEM_JSON} Problem`);
      // Liveness answers 200 or nothing: a closing server's 503 is written by Fastify itself.
      if (route === 'GET /health/live') continue;
      if (!errors.length) defects.push(`${route}: no error answer`);
      if (route !== 'GET /health/ready' && !errors.some((status) => /^4/.test(status))) defects.push(`${route}: no 4xx answer`);
      const parameters = (operation.parameters ?? []) as OpenAPIV3.ParameterObject[];
      const validates = Boolean(operation.requestBody) || parameters.some((p) => p.in === 'query');
      if (validates && !statuses.includes('400')) defects.push(`${route}: validates a body or query but documents no 400`);
      // The input rules (NUL, depth, non-object bodies, charset) answer on every route that reads input.
      if (parameters.length && !statuses.includes('400')) defects.push(`${route}: reads parameters but documents no 400`);
      if (operation.requestBody && !statuses.includes('415')) defects.push(`${route}: accepts a body but documents no 415`);
      // A runner naming a step it does not hold gets 409 whoever's step it is (the runner API), never 404.
      const runner = operation.security?.some((entry) => 'runner-token' in entry) ?? false;
      if (parameters.some((p) => p.in === 'path') && !statuses.includes(runner ? '409' : '404')) defects.push(`${route}: names a record but documents no 404`);
      if (runner) {
        if (!statuses.includes('401')) defects.push(`${route}: authenticated but documents no 401`);
      } else if (operation.security?.length) {
        // The tenant rate limits (429) do not apply to the platform operator's routes.
        const rateLimited = !operation.security.some((entry) => 'platform-operator' in entry);
        for (const status of rateLimited ? ['401', '403', '429'] : ['401', '403'])
          if (!statuses.includes(status)) defects.push(`${route}: authenticated but documents no ${status}`);
      }
    }
    expect(defects).toEqual([]);
  });

  it('a real problem document fits the Problem schema', async () => {
    const problem = document.components?.schemas?.Problem as OpenAPIV3.SchemaObject;
    const response = await t.post('/v1/auth/login', { email: 'not-an-email' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const name of problem.required ?? []) expect(response.body).toHaveProperty(name);
    expect(Object.keys(response.body).filter((name) => !(name in (problem.properties ?? {})))).toEqual([]);
    const fieldError = document.components?.schemas?.ProblemFieldError as OpenAPIV3.SchemaObject;
    expect(Object.keys(response.body.errors[0]).sort()).toEqual(Object.keys(fieldError.properties ?? {}).sort());
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
