import type { OpenAPIV3 } from 'openapi-types';
import { randomUUID } from 'node:crypto';
import { fixtures } from '../support/fixtures';
import {
  deeplyNested,
  fieldsOf,
  fillPath,
  hasPath,
  idSlots,
  Operation,
  outOfRangeNumbers,
  operationsOf,
  parametersWithCollections,
  plausibleValue,
  resolverOf,
  Schema,
  setAt,
  wrongQueryValues,
  wrongTypedValues,
} from '../support/openapi-sweep';
import { PLATFORM_OPERATOR, RequestOptions, Response, Session, TestApp } from '../support/test-app';

/**
 * The project's own hostile-input sweep: every operation the OpenAPI document lists, with two
 * organizations, gets no credentials, the other tenant's ids, malformed ids, bad bodies and bad
 * query values, and must answer with a 4xx (or a 2xx where a value is merely unusual), never a
 * 5xx, never another tenant's data, never anonymously. Routes are read from the document, so a
 * route added later is swept without touching this file, unless it names a new kind of object in
 * its path: then the first test fails naming it, and OBJECT_OF_COLLECTION needs one line.
 *
 * Each case group collects every failure and asserts the list is empty, so one run shows them all.
 */

/** Reads whose answer names a window ending now: not compared before and after the cross-tenant requests. */
const TIME_WINDOWED = /^\/v1\/integrations\/[^/]+\/health$/;

/** Routes left out of the sweep, with why. (/metrics and /docs* are not in the document, so never listed.) */
const SKIPPED: Array<{ route: RegExp; why: string }> = [
  { route: /^GET \/health\//, why: 'probes: public by design, no tenant, no input (test/platform/health-metrics.e2e-spec.ts)' },
  {
    route: /^POST \/v1\/runner\//,
    why: 'the runner API answers to runner tokens only, never to tenant credentials (401 to them); swept by test/pipelines/tenant-isolation.e2e-spec.ts',
  },
  {
    route: /^POST \/v1\/webhooks\//,
    why: "signed webhooks: no credential, the raw body is refused with 401 before it is parsed unless signed with the integration secret (test/integrations: wrong, missing and stale signatures, unknown and malformed ids, another tenant's secret)",
  },
];

/**
 * Public routes: no credentials, no tenant ids in their paths. They get the bad-body and bad-query
 * cases, sent anonymously, instead of the credential and cross-tenant ones; the sweep checks the
 * document marks them (and only them) unsecured.
 */
const PUBLIC = /^POST \/v1\/(auth\/(signup|login|refresh|logout)|invitations\/accept)$/;

type Kind =
  | 'project'
  | 'repository'
  | 'task'
  | 'workflow'
  | 'phase'
  | 'relation'
  | 'member'
  | 'user'
  | 'invitation'
  | 'apiKey'
  | 'analysisRun'
  | 'branch'
  | 'anomalyRule'
  | 'anomaly'
  | 'alert'
  | 'article'
  | 'pattern'
  | 'recommendation'
  | 'optimizationRun'
  | 'learningModel'
  | 'template'
  | 'pipeline'
  | 'pipelineExecution'
  | 'pipelineStep'
  | 'pipelineRunner'
  | 'agent'
  | 'agentRun'
  | 'integration'
  | 'delivery'
  | 'import';

/**
 * Which object a path parameter names, by the collection segment written before it:
 * `/v1/tasks/{id}/relations/{relationId}` → a task, then a relation. A new route under a known
 * collection is swept as is; a new collection needs one line here.
 */
const OBJECT_OF_COLLECTION: Record<string, Kind | 'job' | 'ordinal'> = {
  projects: 'project',
  repositories: 'repository',
  tasks: 'task',
  workflows: 'workflow',
  relations: 'relation',
  members: 'member',
  invitations: 'invitation',
  'api-keys': 'apiKey',
  analyses: 'analysisRun',
  branches: 'branch',
  'anomaly-rules': 'anomalyRule',
  anomalies: 'anomaly',
  alerts: 'alert',
  articles: 'article',
  patterns: 'pattern',
  recommendations: 'recommendation',
  'optimization-runs': 'optimizationRun',
  'learning-models': 'learningModel',
  templates: 'template',
  pipelines: 'pipeline',
  // A version number of the object before it (1, 2, ...): not an object of its own, so no cross-tenant case of its own.
  versions: 'ordinal',
  'pipeline-executions': 'pipelineExecution',
  steps: 'pipelineStep',
  'pipeline-runners': 'pipelineRunner',
  agents: 'agent',
  'agent-runs': 'agentRun',
  integrations: 'integration',
  deliveries: 'delivery',
  imports: 'import',
  // A maintenance job's name: system-wide, owned by no organization, so it has no cross-tenant case.
  jobs: 'job',
};

/** Which object an id field of a request body names, by the field's name. An unlisted id field is tried with each of A's objects. */
const OBJECT_OF_FIELD: Record<string, Kind> = {
  projectId: 'project',
  projectIds: 'project',
  taskIds: 'task',
  repositoryId: 'repository',
  taskId: 'task',
  agentId: 'agent',
  parentId: 'task',
  workflowId: 'workflow',
  phaseId: 'phase',
  reporterId: 'user',
  leadId: 'user',
  userId: 'user',
  pipelineId: 'pipeline',
};

/** Path values that are not ids, written into the URL as is. */
const MALFORMED_IDS: Array<{ label: string; value: string }> = [
  { label: 'not-a-uuid', value: 'not-a-uuid' },
  { label: 'NUL', value: '%00' },
  { label: 'very long (5,000 chars)', value: 'x'.repeat(5000) },
  { label: 'long uuid-like (300 chars)', value: '0'.repeat(300) },
  { label: 'broken percent-encoding', value: '%E0%A4%A' },
  { label: 'SQL', value: "1'%20OR%20'1'%3D'1" },
  { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: 'negative number', value: '-1' },
  { label: 'encoded traversal', value: '..%2F..%2Fmetrics' },
];

const TWO_MEGABYTES = 2 * 1024 * 1024;

interface Tenant {
  label: string;
  owner: Session;
  /** The secret of an owner-role API key: the second way of calling as this tenant. */
  apiKey: string;
  objects: Record<Kind, string[]>;
}

describe('abuse sweep: every documented operation', () => {
  // Every case walks every operation of every module (about 200 now): minutes on a busy machine.
  jest.setTimeout(300_000);

  let t: TestApp;
  let operations: Operation[];
  let resolve: ReturnType<typeof resolverOf>;
  let a: Tenant;
  let b: Tenant;
  let jobName: string;

  beforeAll(async () => {
    // No queue workers: the analysis run stays queued, so nothing changes A's objects behind the sweep's back.
    t = await TestApp.start({ JOB_WORKERS_ENABLED: 'false' });
    const response = await t.get('/docs-json');
    expect(response.status).toBe(200);
    const document = response.body as OpenAPIV3.Document;
    resolve = resolverOf(document);
    operations = operationsOf(document).filter((o) => !SKIPPED.some((s) => s.route.test(o.route)));
    [a, b] = [await tenant('A'), await tenant('B')];
    jobName = (await t.get('/v1/admin/jobs', PLATFORM_OPERATOR)).body.items[0] ?? 'no-job';
    // Two tenants with one object of every kind (some built from several requests: an anomaly, a learned pattern).
  }, 180_000);
  afterAll(() => t?.close());

  async function tenant(label: string): Promise<Tenant> {
    const f = fixtures(t);
    const unique = randomUUID().slice(0, 8);
    const owner = await f.organization();
    const as = { token: owner.accessToken };
    const created = async (response: Promise<Response>, what: string) => {
      const answer = await response;
      if (answer.status >= 300) throw new Error(`${label}: creating ${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const member = await f.member(owner, 'member');
    const key = await f.apiKey(owner, { role: 'owner' });
    const project = await f.project(owner);
    const repository = await f.repository(owner);
    await created(t.request('PUT', `/v1/projects/${project.id}/repositories/${repository.id}`, as), 'a project link');
    const task = await f.task(owner, project.id);
    const blocked = await f.task(owner, project.id);
    const relation = await created(t.post(`/v1/tasks/${task.id}/relations`, { type: 'blocks', taskId: blocked.id }, as), 'a relation');
    const workflow = await f.workflow(owner, project.id);
    const invitation = await created(t.post('/v1/invitations', { email: `invitee-${unique}@example.test`, role: 'viewer' }, as), 'an invitation');
    const branch = `branch-${unique}`;
    await created(t.post(`/v1/repositories/${repository.id}/branches`, { name: branch, headSha: 'a'.repeat(40) }, as), 'a branch');
    const run = await created(t.post(`/v1/repositories/${repository.id}/analyses`, { branch }, as), 'an analysis run');
    const raised = await f.anomaly(owner);
    const learned = await f.pattern(owner, project.id);
    const pipeline = await f.pipeline(owner, project.id);
    const execution = await created(t.post(`/v1/pipelines/${pipeline.id}/executions`, { taskIds: [task.id] }, as), 'a pipeline execution');
    const runner = await f.runner(owner);
    const agent = await f.agent(owner);
    const agentRun = await f.agentRun(owner, agent.id);
    const integration = await f.integration(owner);
    const delivery = await f.webhookDelivery(integration.id, integration.webhookSecret);
    const started = await f.import(owner);
    return {
      label,
      owner,
      apiKey: key.key,
      objects: {
        project: [project.id, project.slug],
        repository: [repository.id],
        task: [task.id],
        workflow: [workflow.id],
        phase: [workflow.phases[0].id],
        relation: [relation.id],
        member: [member.user.id],
        user: [owner.user.id],
        invitation: [invitation.id],
        apiKey: [key.id],
        analysisRun: [run.id],
        branch: [branch],
        anomalyRule: [raised.rule.id],
        anomaly: [raised.anomaly.id],
        alert: [raised.alert.id],
        article: [(await f.article(owner)).id],
        pattern: [learned.pattern.id],
        recommendation: [learned.recommendation.id],
        optimizationRun: [(await f.optimizationRun(owner)).id],
        learningModel: [(await f.learningModel(owner)).id],
        template: [(await f.template(owner)).id],
        pipeline: [pipeline.id],
        pipelineExecution: [execution.id],
        pipelineStep: [execution.steps[0].id],
        pipelineRunner: [runner.id],
        agent: [agent.id],
        agentRun: [agentRun.id],
        integration: [integration.id],
        delivery: [delivery.deliveryId],
        import: [started.id],
      },
    };
  }

  // ---- building requests from the document -------------------------------------------------

  /** The object kind each path parameter of the operation names; throws naming the route when one is not mapped. */
  function kindsOf(operation: Operation): Array<{ name: string; kind: Kind | 'job' | 'ordinal' }> {
    return parametersWithCollections(operation.path).map(({ name, collection }) => {
      const kind = OBJECT_OF_COLLECTION[collection];
      if (!kind)
        throw new Error(
          `${operation.route}: path parameter {${name}} after /${collection}/ names no known object: add '${collection}' to OBJECT_OF_COLLECTION`,
        );
      return { name, kind };
    });
  }

  function valueOf(kind: Kind | 'job' | 'ordinal', owner: Tenant): string {
    if (kind === 'ordinal') return '1';
    return kind === 'job' ? jobName : owner.objects[kind][0];
  }

  /** The URL with every path parameter naming `owner`'s object, except those given in `overrides`. */
  function urlFor(operation: Operation, owner: Tenant, overrides: Record<string, { value: string; raw?: boolean }> = {}, query = ''): string {
    const values = Object.fromEntries(kindsOf(operation).map(({ name, kind }) => [name, { value: valueOf(kind, owner) }]));
    const required = operation.queryParameters
      .filter((p) => p.required && !query.split('&').some((part) => part.split('=')[0].replace(/\[.*$/, '') === encodeURIComponent(p.name)))
      .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(plausibleValue(p.schema as Schema, resolve)))}`);
    const search = [query, ...required].filter(Boolean).join('&');
    return fillPath(operation.path, { ...values, ...overrides }) + (search ? `?${search}` : '');
  }

  /** A body the operation plausibly accepts, its id fields naming `owner`'s objects; undefined when it takes none. */
  function bodyFor(operation: Operation, owner: Tenant): Record<string, unknown> | undefined {
    if (!operation.body) return undefined;
    let body = plausibleValue(operation.body, resolve) as Record<string, unknown>;
    for (const slot of idSlots(operation.body, resolve)) {
      const kind = OBJECT_OF_FIELD[slot.field];
      if (kind && hasPath(body, slot.path))
        body = setAt(body, slot.path, slot.many ? [owner.objects[kind][0]] : owner.objects[kind][0]) as Record<string, unknown>;
    }
    return body;
  }

  function credentialsOf(owner: Tenant, via: 'jwt' | 'api-key'): RequestOptions {
    return via === 'jwt' ? { token: owner.owner.accessToken } : { apiKey: owner.apiKey };
  }

  /** Sends and never throws: a request that fails to complete is a failure like a bad status. */
  async function send(method: string, url: string, options: RequestOptions): Promise<Response> {
    try {
      return await t.request(method, url, options);
    } catch (error) {
      return { status: 0, body: { thrown: String(error) }, headers: {} };
    }
  }

  function describeFailure(operation: Operation, which: string, response: Response, url?: string): string {
    const code = response.body && typeof response.body === 'object' ? ((response.body as { code?: string }).code ?? '') : '';
    const shown = url && url.length > 160 ? `${url.slice(0, 160)}…` : url;
    return `${operation.route} [${which}] → ${response.status} ${code}${shown ? ` (${shown})` : ''}`.trim();
  }

  const protectedOperations = () => operations.filter((o) => !PUBLIC.test(o.route));
  const is5xx = (r: Response) => r.status >= 500 || r.status === 0;
  const is4xx = (r: Response) => r.status >= 400 && r.status < 500;
  const is2xx = (r: Response) => r.status >= 200 && r.status < 300;

  // ---- the cases ---------------------------------------------------------------------------

  it('knows the object behind every path parameter of every operation (a new collection needs a line in OBJECT_OF_COLLECTION)', () => {
    const unmapped: string[] = [];
    for (const operation of operations) {
      try {
        kindsOf(operation);
      } catch (error) {
        unmapped.push((error as Error).message);
      }
    }
    expect(unmapped).toEqual([]);
    expect(operations.length).toBeGreaterThan(50);
  });

  it('1. answers 401 to no, garbage or unknown credentials on every protected route, and the document marks only the public ones open', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      if (PUBLIC.test(operation.route)) {
        if (operation.secured) failures.push(`${operation.route} [listed public] is documented as secured`);
        continue;
      }
      if (!operation.secured) failures.push(`${operation.route} [not listed public] is documented without security`);
      const url = urlFor(operation, a);
      const body = bodyFor(operation, a);
      const attempts: Array<[string, RequestOptions]> = [
        ['no credentials', {}],
        ['garbage bearer token', { token: 'garbage' }],
        ['bearer token of another signing key', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }],
        ['unknown API key', { apiKey: `sk_${'0'.repeat(40)}` }],
        ['empty authorization header', { headers: { authorization: '' } }],
      ];
      for (const [which, options] of attempts) {
        const response = await send(operation.method, url, { ...options, body });
        if (response.status !== 401) failures.push(describeFailure(operation, which, response));
      }
    }
    expect(failures).toEqual([]);
  });

  it("2. never lets B read or change A's objects: A's ids in paths → 404, in queries and bodies → no A data, and A reads back unchanged", async () => {
    const failures: string[] = [];
    const before = await snapshot(a);
    // Reads that differ with nothing written (a window ending now) cannot tell a change: left out, and few.
    const again = await snapshot(a);
    const volatile = Object.keys(before).filter((url) => JSON.stringify(before[url]) !== JSON.stringify(again[url]));
    for (const url of volatile) delete before[url];
    // The platform operator's figures (system health: sizes, timings) change by themselves and hold no tenant data.
    expect(volatile.filter((url) => url !== '/v1/admin/system-health').length).toBeLessThanOrEqual(2);
    // Health over the last hour names its window's start: it moves with the clock during the sweep.
    for (const url of Object.keys(before)) if (TIME_WINDOWED.test(url)) delete before[url];
    expect(Object.keys(before).length).toBeGreaterThan(20);
    const markers = tenantMarkers(a, before);
    const aIds = [...new Set(Object.values(a.objects).map((values) => values[0]))].filter((id) => /^[0-9a-f-]{36}$/.test(id));

    /** Whether B got back any of A's data: in a success, any A marker at all; in an error, one B did not send itself. */
    const leaked = (response: Response, sent: string) => {
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
      return markers.filter((marker) => text.includes(marker) && (is2xx(response) || !sent.includes(marker)));
    };

    for (const operation of protectedOperations()) {
      const parameters = kindsOf(operation).filter((p) => p.kind !== 'job' && p.kind !== 'ordinal');
      for (const via of ['jwt', 'api-key'] as const) {
        const as = credentialsOf(b, via);
        // A's object in each path parameter: all A's (each way of naming it), then one A's among B's own.
        for (const { name, kind } of parameters) {
          const combinations: Array<[string, Record<string, { value: string }>]> = [];
          for (const value of a.objects[kind as Kind]) {
            const all = Object.fromEntries(parameters.map((p) => [p.name, { value: valueOf(p.kind, a) }]));
            combinations.push([
              `${via}: A's ${kind} ${value === a.objects[kind as Kind][0] ? '' : `(as ${value}) `}in {${name}}, all ids A's`,
              { ...all, [name]: { value } },
            ]);
          }
          if (parameters.length > 1) combinations.push([`${via}: A's ${kind} in {${name}}, the other ids B's`, { [name]: { value: valueOf(kind, a) } }]);
          for (const [which, overrides] of combinations) {
            const url = urlFor(operation, b, overrides);
            const body = bodyFor(operation, b);
            const response = await send(operation.method, url, { ...as, body });
            const value = overrides[name].value;
            const allowed = [404, ...(operation.path.startsWith('/v1/admin/') ? [403] : []), ...(/^[0-9a-f-]{36}$/.test(value) ? [] : [400])];
            if (!allowed.includes(response.status)) failures.push(describeFailure(operation, which, response, url));
            const leaks = leaked(response, url + JSON.stringify(body ?? ''));
            if (leaks.length) failures.push(`${describeFailure(operation, which, response, url)} leaks A's ${leaks.join(', ')}`);
          }
        }

        // A's ids in every id-typed query parameter, B's own ids in the path.
        for (const parameter of operation.queryParameters) {
          const schema = parameter.schema as Schema;
          const item = schema.type === 'array' ? resolve(schema.items) : schema;
          if (item.format !== 'uuid') continue;
          for (const id of aIds) {
            const url = urlFor(operation, b, {}, `${encodeURIComponent(parameter.name)}=${id}`);
            const response = await send(operation.method, url, { ...as, body: bodyFor(operation, b) });
            const which = `${via}: A's id in ?${parameter.name}`;
            if (is5xx(response)) failures.push(describeFailure(operation, which, response, url));
            const leaks = leaked(response, url);
            if (leaks.length) failures.push(`${describeFailure(operation, which, response, url)} leaks A's ${leaks.join(', ')}`);
          }
        }

        // A's ids in every id field of the body, B's own ids elsewhere: nothing of A's comes back or changes.
        if (operation.body) {
          for (const slot of idSlots(operation.body, resolve)) {
            const kind = OBJECT_OF_FIELD[slot.field];
            const ids = kind ? [a.objects[kind][0]] : aIds;
            for (const id of ids) {
              const body = setAt(bodyFor(operation, b), slot.path, slot.many ? [id] : id);
              const url = urlFor(operation, b);
              const response = await send(operation.method, url, { ...as, body });
              const which = `${via}: A's ${kind ?? 'id'} in body ${slot.path.join('.')}`;
              // A filter naming A's object may answer 2xx (nothing matches in B); the leak and read-back checks judge it.
              if (!is2xx(response) && !is4xx(response)) failures.push(describeFailure(operation, which, response, url));
              const leaks = leaked(response, url + JSON.stringify(body));
              if (leaks.length) failures.push(`${describeFailure(operation, which, response, url)} leaks A's ${leaks.join(', ')}`);
            }
          }
        }
      }
    }

    const after = await snapshot(a);
    for (const [url, read] of Object.entries(before)) {
      if (JSON.stringify(after[url]) !== JSON.stringify(read))
        failures.push(`A's GET ${url} changed during B's requests: ${JSON.stringify(read).slice(0, 200)} → ${JSON.stringify(after[url]).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('3. answers a malformed id in any path parameter with a 4xx', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      for (const { name } of kindsOf(operation)) {
        for (const { label, value } of MALFORMED_IDS) {
          const url = urlFor(operation, a, { [name]: { value, raw: true } });
          const response = await send(operation.method, url, {
            token: PUBLIC.test(operation.route) ? undefined : a.owner.accessToken,
            body: bodyFor(operation, a),
          });
          if (!is4xx(response)) failures.push(describeFailure(operation, `{${name}} ${label}`, response));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('4. answers a bad JSON body with a 4xx', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => o.body)) {
      const token = PUBLIC.test(operation.route) ? undefined : a.owner.accessToken;
      const url = urlFor(operation, a);
      const schema = operation.body!;
      const plausible = bodyFor(operation, a)!;
      const properties = Object.entries(schema.properties ?? {}).map(([name, property]) => [name, resolve(property)] as const);
      const firstString = properties.find(([, p]) => p.type === 'string')?.[0] ?? properties[0]?.[0] ?? 'field';
      const cases: Array<{ which: string; raw?: string; body?: unknown; accept?: (r: Response) => boolean }> = [
        // Every case below changes one thing of this body: were it refused as invalid, they would pass for the wrong reason.
        { which: 'the plausible body every case starts from is valid', body: plausible, accept: (r) => !is5xx(r) && r.status !== 400 },
        { which: 'malformed JSON', raw: '{"a": 1,' },
        { which: 'truncated JSON', raw: '{' },
        { which: 'array', raw: '[]' },
        { which: 'string', raw: '"x"' },
        { which: 'number', raw: '1' },
        { which: 'null', raw: 'null' },
        { which: 'true', raw: 'true' },
        // {} is a valid change where nothing is required: then any answer but a 5xx.
        { which: 'empty object', raw: '{}', accept: schema.required?.length ? undefined : (r) => !is5xx(r) },
        { which: 'unknown field', body: { ...plausible, notAField: 1 } },
        { which: 'prototype key', raw: JSON.stringify(plausible).replace(/^\{/, '{"__proto__":{"isAdmin":true},').replace(/,\}$/, '}') },
        { which: '2 MB body', raw: JSON.stringify({ ...plausible, [firstString]: 'x'.repeat(TWO_MEGABYTES) }) },
      ];
      for (const field of fieldsOf(schema, resolve)) {
        const name = field.path.join('.');
        // A nested field is only read inside its container: fill the containers the plausible body lacks.
        const base = field.containers.reduce<unknown>(
          (body, c) => (hasPath(body, c.path) ? body : setAt(body, c.path, plausibleValue(c.schema, resolve))),
          plausible,
        );
        const withValue = (value: unknown) => setAt(base, field.path, value);
        const type = field.schema.type;
        for (const { label, value } of wrongTypedValues(field.schema)) cases.push({ which: `${name}: ${label}`, body: withValue(value) });
        if (type === 'string' || field.schema.additionalProperties) {
          const text = (inner: string) => (type === 'string' ? inner : { key: inner });
          cases.push({ which: `${name}: contains U+0000`, body: withValue(text('a\u0000b')) });
          cases.push({ which: `${name}: unpaired surrogate`, body: withValue(text('a\ud800b')) });
          // Unusual but well-typed: a 4xx or a 2xx, never a 5xx (an index row too large, a column too small).
          cases.push({ which: `${name}: 20,000 characters`, body: withValue(text('x'.repeat(20_000))), accept: (r) => !is5xx(r) });
        }
        if (type === 'number' || type === 'integer') {
          for (const { label, value } of outOfRangeNumbers()) cases.push({ which: `${name}: ${label}`, body: withValue(value), accept: (r) => !is5xx(r) });
        }
        cases.push({ which: `${name}: 3,000-level nested array`, body: withValue(deeplyNested(3000)) });
      }
      for (const { which, raw, body, accept } of cases) {
        const response = await send(operation.method, url, { token, body: raw ?? JSON.stringify(body) });
        if (!(accept ?? is4xx)(response)) failures.push(describeFailure(operation, which, response));
      }
    }
    expect(failures).toEqual([]);
  });

  it('5. answers wrong, huge or NUL query values with a 2xx or 4xx', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const token = PUBLIC.test(operation.route) ? undefined : a.owner.accessToken;
      const queries = [
        ...operation.queryParameters.flatMap((p) => wrongQueryValues(p.name, p.schema as Schema).map((c) => ({ ...c, label: `?${p.name} ${c.label}` }))),
        { label: 'unknown query parameter', query: 'notAParameter=1' },
      ];
      for (const { label, query } of queries) {
        const response = await send(operation.method, urlFor(operation, a, {}, query), { token, body: bodyFor(operation, a) });
        if (!is2xx(response) && !is4xx(response)) failures.push(describeFailure(operation, label, response));
      }
    }
    expect(failures).toEqual([]);
  });

  // ---- reading a tenant back ---------------------------------------------------------------

  /** What A's owner reads from every GET operation that needs no query parameter: the state B must not change. */
  async function snapshot(owner: Tenant): Promise<Record<string, { status: number; body: unknown }>> {
    const reads: Record<string, { status: number; body: unknown }> = {};
    for (const operation of protectedOperations().filter((o) => o.method === 'GET' && !o.queryParameters.some((p) => p.required))) {
      const url = urlFor(operation, owner);
      const response = await send('GET', url, { token: owner.owner.accessToken });
      reads[url] = { status: response.status, body: response.body };
    }
    return reads;
  }

  /** Strings only this tenant's data holds: every id it can read, its slug and its people's emails. */
  function tenantMarkers(owner: Tenant, reads: Record<string, { body: unknown }>): string[] {
    const text = JSON.stringify(reads);
    const ids = new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
    return [...ids, owner.owner.organization.slug, owner.owner.user.email, ...owner.objects.branch];
  }
});
