import { TestApp } from '../support/test-app';

describe('bad input quick', () => {
  let t: TestApp;
  beforeAll(async () => { t = await TestApp.start({ BODY_LIMIT_BYTES: '2048' }); });
  afterAll(() => t.close());
  it('413 / 415 / 400', async () => {
    const big = await t.post('/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(5000) });
    expect([big.status, big.body.code]).toEqual([413, 'COMMON.PAYLOAD_TOO_LARGE']);
    const media = await t.post('/v1/auth/login', 'hello', { headers: { 'content-type': 'text/plain' } });
    expect([media.status, media.body.code]).toEqual([415, 'COMMON.UNSUPPORTED_MEDIA_TYPE']);
    const json = await t.post('/v1/auth/login', '{bad', {});
    expect([json.status, json.body.code]).toEqual([400, 'COMMON.MALFORMED_JSON']);
  });
});
