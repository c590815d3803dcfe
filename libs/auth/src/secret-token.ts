import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** High-entropy opaque secrets (refresh tokens, invitation tokens, API keys) are stored as SHA-256. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const API_KEY = /^sy_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** API keys read `sy_<key id without dashes>_<secret>`: the id finds the row, the secret proves it. */
export function formatApiKey(keyId: string, secret: string): string {
  return `sy_${keyId.replace(/-/g, '')}_${secret}`;
}

export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const match = API_KEY.exec(token);
  if (!match) return undefined;
  const hex = match[1];
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, secret: match[2] };
}
