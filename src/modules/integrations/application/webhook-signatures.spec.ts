import { identify, keptHeaders, taskKeysIn } from '../domain/delivery';
import { linearTimestampFresh, verifySignature } from '../domain/signatures';
import { nodeCrypto } from './webhook-receiver.service';
import { createHmac } from 'node:crypto';

/** Slack's "Verifying requests from Slack" example, byte for byte. */
export const SLACK_VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
/** GitHub's "Validating webhook deliveries" test values. */
export const GITHUB_VECTOR = {
  secret: "It's a Secret to Everybody",
  body: 'Hello, World!',
  signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};

describe('webhook signatures', () => {
  it("accepts GitHub's official vector and refuses a changed byte, a wrong secret and a missing header", () => {
    const body = Buffer.from(GITHUB_VECTOR.body);
    const headers = { 'x-hub-signature-256': GITHUB_VECTOR.signature };
    expect(verifySignature('github', nodeCrypto, [GITHUB_VECTOR.secret], headers, body, Date.now())).toEqual({ ok: true });
    expect(verifySignature('github', nodeCrypto, [GITHUB_VECTOR.secret], headers, Buffer.from('Hello, World?'), Date.now())).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('github', nodeCrypto, ['another secret'], headers, body, Date.now())).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('github', nodeCrypto, [GITHUB_VECTOR.secret], {}, body, Date.now())).toEqual({ ok: false, reason: 'missing' });
  });

  it('accepts either secret during a rotation', () => {
    const headers = { 'x-hub-signature-256': GITHUB_VECTOR.signature };
    expect(verifySignature('github', nodeCrypto, ['new secret', GITHUB_VECTOR.secret], headers, Buffer.from(GITHUB_VECTOR.body), 0)).toEqual({ ok: true });
  });

  it("accepts Slack's official vector inside the 5-minute window only", () => {
    const headers = { 'x-slack-signature': SLACK_VECTOR.signature, 'x-slack-request-timestamp': SLACK_VECTOR.timestamp };
    const at = Number(SLACK_VECTOR.timestamp) * 1000;
    const body = Buffer.from(SLACK_VECTOR.body);
    expect(verifySignature('slack', nodeCrypto, [SLACK_VECTOR.secret], headers, body, at + 299_000)).toEqual({ ok: true });
    expect(verifySignature('slack', nodeCrypto, [SLACK_VECTOR.secret], headers, body, at + 301_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature('slack', nodeCrypto, [SLACK_VECTOR.secret], { ...headers, 'x-slack-request-timestamp': '1531420619' }, body, at)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('checks Linear-Signature and the 60-second webhookTimestamp window', () => {
    const body = Buffer.from(JSON.stringify({ action: 'update', type: 'Issue', webhookTimestamp: 1_700_000_000_000 }));
    const signature = createHmac('sha256', 'linear-secret').update(body).digest('hex');
    expect(verifySignature('linear', nodeCrypto, ['linear-secret'], { 'linear-signature': signature }, body, 0)).toEqual({ ok: true });
    expect(
      verifySignature(
        'linear',
        nodeCrypto,
        ['linear-secret'],
        { 'linear-signature': signature.replace(/^./, '0') === signature ? signature.replace(/^./, '1') : signature.replace(/^./, '0') },
        body,
        0,
      ),
    ).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(linearTimestampFresh(1_700_000_000_000, 1_700_000_059_000)).toBe(true);
    expect(linearTimestampFresh(1_700_000_000_000, 1_700_000_061_000)).toBe(false);
    expect(linearTimestampFresh('1700000000000', 1_700_000_000_000)).toBe(false);
  });

  it('names events and dedup keys per platform', () => {
    expect(identify('github', { 'x-github-event': 'pull_request', 'x-github-delivery': 'abc' }, { action: 'opened' }, 'f')).toEqual({
      event: 'pull_request.opened',
      dedupKey: 'abc',
    });
    expect(identify('linear', {}, { type: 'Issue', action: 'update' }, 'f')).toEqual({ event: 'Issue.update', dedupKey: 'sha256:f' });
    expect(identify('slack', {}, { command: '/task', trigger_id: 't1' }, 'f')).toEqual({ event: 'command/task', dedupKey: 't1' });
    expect(identify('slack', {}, { type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention' } }, 'f')).toEqual({
      event: 'event.app_mention',
      dedupKey: 'Ev1',
    });
  });

  it('makes event names, dedup keys and kept headers storable: U+0000 becomes U+FFFD', () => {
    expect(identify('slack', {}, { type: 'event_callback', event_id: 'Ev\u00001', event: { type: 'app\u0000mention' } }, 'f')).toEqual({
      event: 'event.app\uFFFDmention',
      dedupKey: 'Ev\uFFFD1',
    });
    expect(identify('github', { 'x-github-event': 'push\u0000', 'x-github-delivery': 'd\u0000' }, {}, 'f')).toEqual({
      event: 'push\uFFFD',
      dedupKey: 'd\uFFFD',
    });
    expect(keptHeaders({ 'x-github-event': 'push\u0000', cookie: 'a\u0000' })).toEqual({ 'x-github-event': 'push\uFFFD' });
  });

  it('finds task keys in pull request texts', () => {
    expect(taskKeysIn('PAY-42: fix', 'also pay-7 and PAY-42', 'feature/OPS-1-x')).toEqual([
      { prefix: 'PAY', number: 42 },
      { prefix: 'PAY', number: 7 },
      { prefix: 'OPS', number: 1 },
    ]);
  });
});
