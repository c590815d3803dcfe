import { CallerCredential } from '@switchyard/database';

/**
 * Access tokens this process has already verified, by their exact text, until they expire.
 *
 * The signature check (HMAC-SHA256), two base64 decodes and two JSON parses of every request's
 * token were ~4 % of a cheap read's CPU (docs/benchmarks.md). A token is immutable and its
 * signature covers every byte, so the same string verifies the same way until its `exp`: what is
 * kept is only what the token itself proves (who, which organization, which session). Nothing
 * about authority is cached — the request's first statement still checks the membership, user,
 * session and role against the live rows (auth_enter) — so logout and revocation still take
 * effect on the next request. Only tokens that passed verification are kept, so a caller cannot
 * fill this with forgeries; at `capacity` the oldest entry makes room.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { credential: CallerCredential; expiresAtMs: number }>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The credential of a token verified before, if it has not expired since. */
  get(token: string): CallerCredential | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() < entry.expiresAtMs) return entry.credential;
    this.entries.delete(token);
    return undefined;
  }

  /** Keeps a verified token's credential until its `exp` (seconds since the epoch). */
  remember(token: string, credential: CallerCredential, exp: number | undefined): void {
    if (typeof exp !== 'number' || this.entries.has(token)) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { credential, expiresAtMs: exp * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
