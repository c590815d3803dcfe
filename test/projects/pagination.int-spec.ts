import { TenantTransaction } from '@switchyard/database';
import { Session, TestApp } from '../support/test-app';

/**
 * PostgreSQL keeps microseconds, a JS Date milliseconds. Rows written in one burst share a
 * millisecond (one transaction even shares `now()`), so a cursor holding the last row's Date
 * would repeat rows going up and skip them going down. Here every timestamp falls within one
 * millisecond, some equal to the microsecond: paging must still visit each row exactly once,
 * in the database's order.
 */
describe('Keyset pagination of projects, repositories and analysis runs', () => {
  let t: TestApp;
  let tx: TenantTransaction;

  beforeAll(async () => {
    t = await TestApp.start();
    tx = t.app.get(TenantTransaction);
    // Booting the embedded database is slow on a busy machine.
  }, 180_000);
  afterAll(() => t.close());

  // Microseconds within 2025-03-01T10:00:00.123: the first sits on the millisecond, the rest past it.
  const MICROS = [0, 1, 1, 500, 500, 500, 999];
  const at = (micros: number) => `2025-03-01T10:00:00.123${String(micros).padStart(3, '0')}Z`;
  const LIMITS = [1, 2, 3];

  async function pageThrough(session: Session, url: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const response: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.get(
        `${url}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { token: session.accessToken },
      );
      expect(response.status).toBe(200);
      ids.push(...response.body.items.map((item) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor && ids.length <= MICROS.length);
    return ids;
  }

  const inTenant = <T>(session: Session, sql: string, params: unknown[]) => tx.run({ organizationId: session.organization.id }, () => tx.query<T>(sql, params));

  // updated_at runs against created_at, so both sorts meet ties and sub-millisecond steps.
  const TIMESTAMP_SORTS = [
    ['createdAt', 'created_at, id'],
    ['-createdAt', 'created_at desc, id desc'],
    ['updatedAt', 'updated_at, id'],
    ['-updatedAt', 'updated_at desc, id desc'],
  ];
  it.each([
    [
      'projects',
      '/v1/projects',
      `insert into projects (organization_id, name, slug, created_at, updated_at) values ($1, 'Burst ' || $2, 'burst-' || $2, $3, $4)`,
    ],
    [
      'repositories',
      '/v1/repositories',
      `insert into repositories (organization_id, provider, owner, name, clone_url, created_at, updated_at)
       values ($1, 'github', 'acme', 'burst-' || $2, 'https://github.com/acme/burst-' || $2 || '.git', $3, $4)`,
    ],
  ])('pages %s by created and updated time without repeating or skipping a row', async (table, url, insert) => {
    const session = await t.signup();
    for (const [index, micros] of MICROS.entries()) {
      await inTenant(session, insert, [session.organization.id, String(index), at(micros), at(999 - micros)]);
    }
    for (const [sort, order] of TIMESTAMP_SORTS) {
      const rows = await inTenant<{ id: string }>(session, `select id from ${table} where organization_id = $1 order by ${order}`, [session.organization.id]);
      const expected = rows.map((row) => row.id);
      expect(expected).toHaveLength(MICROS.length);
      for (const limit of LIMITS) expect([sort, limit, await pageThrough(session, `${url}?sort=${sort}`, limit)]).toEqual([sort, limit, expected]);
    }
  });

  it('pages analysis runs, newest first, without repeating or skipping a run', async () => {
    const session = await t.signup();
    const [{ id: repositoryId }] = await inTenant<{ id: string }>(
      session,
      `insert into repositories (organization_id, provider, owner, name, clone_url) values ($1, 'github', 'acme', 'analysed', 'https://github.com/acme/analysed.git') returning id`,
      [session.organization.id],
    );
    for (const [index, micros] of MICROS.entries()) {
      await inTenant(session, `insert into analysis_runs (organization_id, repository_id, branch, status, queued_at) values ($1, $2, $3, 'failed', $4)`, [
        session.organization.id,
        repositoryId,
        `branch-${index}`,
        at(micros),
      ]);
    }
    const expected = (
      await inTenant<{ id: string }>(session, `select id from analysis_runs where organization_id = $1 order by queued_at desc, id desc`, [
        session.organization.id,
      ])
    ).map((row) => row.id);
    expect(expected).toHaveLength(MICROS.length);
    for (const limit of LIMITS) expect([limit, await pageThrough(session, `/v1/repositories/${repositoryId}/analyses`, limit)]).toEqual([limit, expected]);
  });
});
