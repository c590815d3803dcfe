import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';

describe('Idempotency-Key on POST /v1/api-keys', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  const create = (key: string, body: Record<string, unknown>, session = owner) =>
    t.post('/v1/api-keys', body, { token: session.accessToken, headers: { 'idempotency-key': key } });
  const keysNamed = async (name: string, session = owner) =>
    (await t.get('/v1/api-keys?limit=100', { token: session.accessToken })).body.items.filter((k: { name: string }) => k.name === name);

  it('replays the first response for the same key and body, creating once', async () => {
    const key = randomUUID();
    const first = await create(key, { name: 'replayed', role: 'viewer' });
    const again = await create(key, { name: 'replayed', role: 'viewer' });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await keysNamed('replayed')).toHaveLength(1);
    // The stored response holds the secret, sealed: never readable from the database.
    const [record] = await t.sql('select response_body::text as body from idempotency_records where organization_id = $1 and key = $2', [
      owner.organization.id,
      key,
    ]);
    expect(record.body).toMatch(/"sealed": "v1:/);
    expect(record.body).not.toContain(first.body.key.slice(-43));
    expect(record.body).not.toContain(first.body.id);
  });

  it('keeps the record for the configured time (IDEMPOTENCY_TTL_HOURS, 24 by default), on the database clock', async () => {
    const key = randomUUID();
    await create(key, { name: 'kept', role: 'viewer' });
    const [record] = await t.sql(
      `select extract(epoch from expires_at - created_at)::int as seconds, method, path, status_code
       from idempotency_records where organization_id = $1 and key = $2`,
      [owner.organization.id, key],
    );
    // created_at is now() of the same transaction, so the difference is exact.
    expect(record).toEqual({ seconds: 24 * 3600, method: 'POST', path: '/v1/api-keys', status_code: 201 });
  });

  it('refuses the same key with another body with 422', async () => {
    const key = randomUUID();
    await create(key, { name: 'original', role: 'viewer' });
    const other = await create(key, { name: 'different', role: 'viewer' });
    expect([other.status, other.body.code]).toEqual([422, 'COMMON.IDEMPOTENCY_KEY_REUSED']);
    expect(await keysNamed('different')).toHaveLength(0);
  });

  it('two concurrent requests with one key create one key', async () => {
    const key = randomUUID();
    const results = await Promise.all([create(key, { name: 'racing', role: 'viewer' }), create(key, { name: 'racing', role: 'viewer' })]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(results[0].body.id).toBe(results[1].body.id);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await keysNamed('racing')).toHaveLength(1);
  });

  it('a failed first attempt is not remembered: the retry runs again', async () => {
    const key = randomUUID();
    const failed = await create(key, { name: 'later', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' });
    expect(failed.status).toBe(422);
    const [{ count }] = await t.sql('select count(*)::int as count from idempotency_records where organization_id = $1 and key = $2', [
      owner.organization.id,
      key,
    ]);
    expect(count).toBe(0);
    const retried = await create(key, { name: 'later', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' });
    expect([retried.status, retried.headers['idempotent-replayed']]).toEqual([422, undefined]);
  });

  it('keys are per organization', async () => {
    const other = await t.signup();
    const key = randomUUID();
    const mine = await create(key, { name: 'shared-key', role: 'viewer' });
    const theirs = await create(key, { name: 'shared-key', role: 'viewer' }, other);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await keysNamed('shared-key', other)).toHaveLength(1);
  });

  it('without the header, every request creates', async () => {
    await t.post('/v1/api-keys', { name: 'plain', role: 'viewer' }, { token: owner.accessToken });
    await t.post('/v1/api-keys', { name: 'plain', role: 'viewer' }, { token: owner.accessToken });
    expect(await keysNamed('plain')).toHaveLength(2);
  });
});
