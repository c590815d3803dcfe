import { DomainError } from '@switchyard/core';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const box = (currentKeyId: string, keys: Record<string, Buffer>) => new SecretBox({ currentKeyId, keys });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

describe('SecretBox', () => {
  const v1 = box('k1', { k1 });

  it('round-trips, with a fresh nonce each time', () => {
    const a = v1.seal('ghp_token ✓');
    const b = v1.seal('ghp_token ✓');
    expect(a).not.toEqual(b);
    expect(a).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(a).not.toContain('ghp_token');
    expect(v1.open(a)).toBe('ghp_token ✓');
    expect(v1.open(v1.seal(''))).toBe('');
  });

  it('detects a changed ciphertext, tag or nonce', () => {
    const sealed = v1.seal('secret value');
    const parts = sealed.split(':');
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index], 'base64url');
      bytes[0] ^= 1;
      tampered[index] = bytes.toString('base64url');
      expect(codeOf(() => v1.open(tampered.join(':')))).toBe('COMMON.SECRET_UNREADABLE');
    }
  });

  it('binds the associated data', () => {
    const sealed = v1.seal('webhook secret', 'integration:1');
    expect(v1.open(sealed, 'integration:1')).toBe('webhook secret');
    expect(codeOf(() => v1.open(sealed, 'integration:2'))).toBe('COMMON.SECRET_UNREADABLE');
  });

  it('refuses what is not a sealed value', () => {
    expect(codeOf(() => v1.open('plain text'))).toBe('COMMON.SECRET_UNREADABLE');
    expect(codeOf(() => v1.open('v2:k1:a:b:c'))).toBe('COMMON.SECRET_UNREADABLE');
  });

  it('rotates: the new key seals, previous keys still open, values know they need resealing', () => {
    const old = v1.seal('rotate me');
    const rotated = box('k2', { k2, k1 });
    expect(rotated.open(old)).toBe('rotate me');
    expect(rotated.needsRotation(old)).toBe(true);
    const fresh = rotated.seal('rotate me');
    expect(fresh.split(':')[1]).toBe('k2');
    expect(rotated.needsRotation(fresh)).toBe(false);
    // A value under a key that is no longer configured cannot be opened, and says so.
    expect(codeOf(() => box('k2', { k2 }).open(old))).toBe('COMMON.SECRET_UNREADABLE');
  });

  it('a different key with the same id fails authentication', () => {
    const sealed = v1.seal('x');
    expect(codeOf(() => box('k1', { k1: k2 }).open(sealed))).toBe('COMMON.SECRET_UNREADABLE');
  });
});
