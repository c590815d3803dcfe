import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';

/**
 * Parallel changes of one integration: the row is locked before the version check, so exactly one
 * of several PATCHes carrying the same version wins (the others 409). (The embedded database runs
 * transactions one at a time; this bites on PostgreSQL.)
 */
describe('integrations: parallel changes', () => {
  let t: TestApp;
  let owner: Session;
  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('changes an integration once per version: one 200, the others 409 COMMON.STALE_VERSION', async () => {
    const integration = await fixtures(t).integration(owner);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.patch(`/v1/integrations/${integration.id}`, { version: integration.version, name: `Renamed ${i}` }, { token: owner.accessToken }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'COMMON.STALE_VERSION')).toBe(true);
    const after = await t.get(`/v1/integrations/${integration.id}`, { token: owner.accessToken });
    expect(after.body.version).toBe(integration.version + 1);
  });
});
