import { CallerCredential } from '@switchyard/database';
import { VerifiedTokens } from './verified-tokens';

const alice: CallerCredential = { type: 'user', userId: 'u1', organizationId: 'o1', sessionId: 's1' };
const bob: CallerCredential = { type: 'user', userId: 'u2', organizationId: 'o1', sessionId: 's2' };

describe('VerifiedTokens', () => {
  let nowMs = 1_000_000;
  const now = () => nowMs;
  beforeEach(() => (nowMs = 1_000_000));

  it('answers a remembered token until its exp, and nothing from that moment on', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('a.b.c', alice, 1_060); // exp in seconds: 60 s from now
    expect(tokens.get('a.b.c')).toEqual(alice);
    nowMs = 1_059_999;
    expect(tokens.get('a.b.c')).toEqual(alice);
    nowMs = 1_060_000;
    expect(tokens.get('a.b.c')).toBeUndefined();
    expect(tokens.size).toBe(0); // an expired entry is dropped when asked for
  });

  it('knows only the exact text it was given', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('a.b.c', alice, 2_000);
    expect(tokens.get('a.b.C')).toBeUndefined();
    expect(tokens.get('a.b.c ')).toBeUndefined();
  });

  it('keeps nothing for a token without exp', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('a.b.c', alice, undefined);
    expect(tokens.get('a.b.c')).toBeUndefined();
  });

  it('makes room by dropping the oldest entry at capacity', () => {
    const tokens = new VerifiedTokens(2, now);
    tokens.remember('one', alice, 2_000);
    tokens.remember('two', bob, 2_000);
    tokens.remember('three', alice, 2_000);
    expect(tokens.size).toBe(2);
    expect(tokens.get('one')).toBeUndefined();
    expect(tokens.get('two')).toEqual(bob);
    expect(tokens.get('three')).toEqual(alice);
  });
});
