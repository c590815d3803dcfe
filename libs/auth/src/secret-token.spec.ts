import { randomUUID } from 'node:crypto';
import { formatApiKey, hashToken, parseApiKey, randomToken, sameHash } from './secret-token';

describe('secret tokens', () => {
  it('hashes deterministically to 32 bytes', () => {
    expect(hashToken('abc')).toHaveLength(32);
    expect(hashToken('abc').equals(hashToken('abc'))).toBe(true);
    expect(hashToken('abc').equals(hashToken('abd'))).toBe(false);
  });

  it('makes url-safe random tokens of the requested entropy', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(token);
    expect(randomToken(16)).toHaveLength(22);
  });

  it('compares hashes in constant time, and different lengths as different', () => {
    expect(sameHash(hashToken('a'), hashToken('a'))).toBe(true);
    expect(sameHash(hashToken('a'), hashToken('b'))).toBe(false);
    expect(sameHash(hashToken('a'), hashToken('a').subarray(0, 16))).toBe(false);
  });

  it('formats and parses API keys: the id finds the row, the secret proves it', () => {
    const id = randomUUID();
    const secret = randomToken();
    const key = formatApiKey(id, secret);
    expect(key).toMatch(/^sy_[0-9a-f]{32}_/);
    expect(parseApiKey(key)).toEqual({ keyId: id, secret });
  });

  it.each([
    ['empty', ''],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['no secret', `sy_${'a'.repeat(32)}_`],
    ['short id', `sy_${'a'.repeat(31)}_${'b'.repeat(43)}`],
    ['upper-case id', `sy_${'A'.repeat(32)}_${'b'.repeat(43)}`],
    ['short secret', `sy_${'a'.repeat(32)}_${'b'.repeat(42)}`],
    ['trailing junk', `sy_${'a'.repeat(32)}_${'b'.repeat(43)}!`],
  ])('rejects %s', (_, token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });
});
