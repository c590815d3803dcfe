import { DatabaseConnection } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Session, TestApp } from '../support/test-app';

const OPERATOR_TOKEN = randomBytes(36).toString('base64url');

describe('scheduled maintenance: purge-expired', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start({ REFRESH_TOKEN_RETENTION_DAYS: '7', INVITATION_RETENTION_DAYS: '30', PLATFORM_OPERATOR_TOKEN: OPERATOR_TOKEN });
    owner = await t.signup();
  });
  afterAll(() => t.close());

  /** Platform jobs answer to the platform operator's token only. */
  const operator = { token: OPERATOR_TOKEN };
  const run = (credential: { token: string } = operator, name = 'purge-expired') => t.post(`/v1/admin/jobs/${name}/run`, undefined, credential);

  async function insertRefreshToken(expiresAt: string): Promise<string> {
    const id = randomUUID();
    await t.sql(`insert into refresh_tokens (id, organization_id, user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $4, $5, ${expiresAt})`, [
      id,
      owner.organization.id,
      owner.user.id,
      randomUUID(),
      randomBytes(32),
    ]);
    return id;
  }
  const exists = async (table: string, id: string) => (await t.sql(`select 1 from ${table} where id = $1`, [id])).length > 0;

  it('lists its jobs for the platform operator', async () => {
    const list = await t.get('/v1/admin/jobs', operator);
    expect(list.body.items).toContain('purge-expired');
  });

  it('deletes refresh tokens and invitations past their retention, keeps the rest', async () => {
    const longExpired = await insertRefreshToken(`now() - interval '8 days'`);
    const recentlyExpired = await insertRefreshToken(`now() - interval '1 day'`);
    const live = await insertRefreshToken(`now() + interval '1 day'`);
    const invitation = await t.post('/v1/invitations', { email: `old-${randomUUID()}@example.test`, role: 'viewer' }, { token: owner.accessToken });
    await t.sql(`update invitations set expires_at = now() - interval '31 days' where id = $1`, [invitation.body.id]);
    await t.post('/v1/api-keys', { name: 'k', role: 'viewer' }, { token: owner.accessToken, headers: { 'idempotency-key': 'old-record' } });
    await t.sql(`update idempotency_records set expires_at = now() - interval '1 second' where organization_id = $1 and key = 'old-record'`, [
      owner.organization.id,
    ]);

    const response = await run();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ job: 'purge-expired', ran: true, durationMs: expect.any(Number) });
    expect(response.body.result.refreshTokens).toBeGreaterThanOrEqual(1);
    expect(response.body.result.invitations).toBeGreaterThanOrEqual(1);
    expect(response.body.result.idempotencyRecords).toBeGreaterThanOrEqual(1);

    expect(await exists('refresh_tokens', longExpired)).toBe(false);
    expect(await exists('refresh_tokens', recentlyExpired)).toBe(true);
    expect(await exists('refresh_tokens', live)).toBe(true);
    expect(await exists('invitations', invitation.body.id)).toBe(false);
    expect(await t.sql(`select 1 from idempotency_records where organization_id = $1 and key = 'old-record'`, [owner.organization.id])).toHaveLength(0);
    // The owner's own session is untouched.
    expect((await t.post('/v1/auth/refresh', { refreshToken: owner.refreshToken })).status).toBe(200);
  });

  it('deletes long-rotated and long-revoked tokens, whatever their expiry', async () => {
    const rotated = await insertRefreshToken(`now() + interval '20 days'`);
    await t.sql(`update refresh_tokens set rotated_at = now() - interval '8 days' where id = $1`, [rotated]);
    await run();
    expect(await exists('refresh_tokens', rotated)).toBe(false);
  });

  it('runs once across replicas: skipped while another holds the job’s lock', async () => {
    // The embedded database is one backend: there is no second session to hold the lock.
    if (t.isEmbedded) return;
    const replica = new Client({ connectionString: t.app.get(DatabaseConnection).url });
    await replica.connect();
    try {
      await replica.query('begin');
      await replica.query('select pg_advisory_xact_lock(hashtext($1))', ['switchyard.job.purge-expired']);
      const skipped = await run();
      expect(skipped.body).toMatchObject({ job: 'purge-expired', ran: false });
      expect(skipped.body.result).toBeUndefined();
      await replica.query('rollback');
    } finally {
      await replica.end();
    }
    expect((await run()).body.ran).toBe(true);
  });

  it('runs a cron tick once: a replica whose timer fired later skips a tick already run, runs the next', async () => {
    const runner = t.app.get(ExclusiveJobRunner);
    const tick = new Date(Date.UTC(2020, 0, 1) + randomInt(0, 1e6) * 60_000);
    expect(await runner.run('purge-expired', tick)).toMatchObject({ ran: true, tick: tick.toISOString() });
    expect(await runner.run('purge-expired', tick)).toMatchObject({ ran: false, tick: tick.toISOString() });
    expect(await runner.run('purge-expired', new Date(tick.getTime() - 1000))).toMatchObject({ ran: false });
    expect(await runner.run('purge-expired', new Date(tick.getTime() + 1000))).toMatchObject({ ran: true });
    // A run on demand has no tick: it always runs (when no one holds the lock).
    expect(await runner.run('purge-expired')).toMatchObject({ ran: true });
  });

  it('is for the platform operator only: a freshly signed-up owner and their API key are refused (403), a wrong token is no credential (401)', async () => {
    const stranger = await t.signup();
    const key = await t.post('/v1/api-keys', { name: 'owner-key', role: 'owner' }, { token: stranger.accessToken });
    for (const credential of [{ token: stranger.accessToken }, { token: key.body.key }]) {
      const refused = await run(credential);
      expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.PLATFORM_OPERATOR_ONLY']);
      expect((await t.get('/v1/admin/jobs', credential)).status).toBe(403);
    }
    for (const credential of [{ token: OPERATOR_TOKEN + 'x' }, {}]) {
      const refused = await t.post('/v1/admin/jobs/purge-expired/run', undefined, credential);
      expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    }
    expect((await run(operator, 'no-such-job')).status).toBe(404);
  });

  it('refuses everyone when no operator token is configured', async () => {
    const bare = await TestApp.start({ PLATFORM_OPERATOR_TOKEN: '' });
    try {
      // The would-be operator token is no credential here; an owner is still refused.
      const refused = await bare.post('/v1/admin/jobs/purge-expired/run', undefined, operator);
      expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
      const owner = await bare.signup();
      const ownerRefused = await bare.post('/v1/admin/jobs/purge-expired/run', undefined, { token: owner.accessToken });
      expect([ownerRefused.status, ownerRefused.body.code]).toEqual([403, 'AUTH.PLATFORM_OPERATOR_ONLY']);
    } finally {
      await bare.close();
    }
  });
});
