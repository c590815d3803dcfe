import { Logger } from '@nestjs/common';
import { TestApp } from '../support/test-app';

describe('logs', () => {
  let t: TestApp;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    const logDestination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    t = await TestApp.start({ LOG_LEVEL: 'debug' }, { logDestination });
  });
  afterAll(() => t.close());

  it('are JSON lines from the root logger, with redacted secrets', () => {
    lines.length = 0;
    new Logger('Probe').warn({ password: 'hunter2', token: 'abc', nested: { secret: 's' }, kept: 1 }, 'Probe line');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        service: 'switchyard',
        context: 'Probe',
        msg: 'Probe line',
        password: '[redacted]',
        token: '[redacted]',
        nested: { secret: '[redacted]' },
        kept: 1,
      }),
    ]);
    expect(typeof lines[0].time).toBe('string');
    expect(lines[0]).not.toHaveProperty('reqId');
  });

  it('carry the request id (a sane X-Request-Id is kept and echoed) and the organization while serving a request', async () => {
    const owner = await t.signup();
    lines.length = 0;
    const response = await t.get('/v1/me', { token: owner.accessToken, headers: { 'x-request-id': 'trace-42.a' } });
    expect([response.status, response.headers['x-request-id']]).toEqual([200, 'trace-42.a']);
    const ofRequest = lines.filter((line) => line.reqId === 'trace-42.a');
    expect(ofRequest.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    // The organization is known once the caller is authenticated: every later line names it.
    expect(ofRequest.find((line) => line.msg === 'request completed')).toMatchObject({ organizationId: owner.organization.id });
  });

  it('lines the code writes while serving a request carry its id and organization', async () => {
    const owner = await t.signup();
    lines.length = 0;
    // A duplicate slug makes the database refuse a statement, which the TypeORM logger writes
    // at debug level inside the request.
    const slug = `p-${Date.now().toString(36)}`;
    const body = { name: 'Logging', slug };
    expect((await t.post('/v1/projects', body, { token: owner.accessToken })).status).toBe(201);
    const conflict = await t.post('/v1/projects', body, { token: owner.accessToken, headers: { 'x-request-id': 'dup-1' } });
    expect(conflict.status).toBe(409);
    const failed = lines.find((line) => line.msg === 'Query failed');
    expect(failed).toMatchObject({ reqId: 'dup-1', organizationId: owner.organization.id, context: 'Database' });
  });

  it('a request id that is not sane is replaced by a new UUID', async () => {
    const response = await t.get('/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
