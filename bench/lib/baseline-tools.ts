import { createHash, KeyObject, timingSafeEqual } from 'node:crypto';
import { verify as verifyJwt } from 'jsonwebtoken';
import type { Pool, PoolClient } from 'pg';
import { JWT_AUDIENCE, JWT_ISSUER, jwtKey } from '../../libs/auth/src/access-token';
import { parseApiKey } from '../../libs/auth/src/secret-token';
import { RUNTIME_ROLE } from '../../libs/database/src/runtime-role';

export interface BaselineScope {
  organizationId?: string;
  userId?: string;
}

export interface BaselineActor {
  type: 'user' | 'api_key';
  id: string;
  organizationId: string;
  role: string;
}

const ROLES = new Set(['viewer', 'member', 'admin', 'owner']);

/**
 * What a scenario's hand-written baseline uses: the same work the service does per request,
 * written directly against `pg`, with nothing in between. Kept deliberately plain: it is the
 * yardstick for the framework's overhead.
 */
export class BaselineTools {
  /** The HMAC key, parsed once (see jwtKey in libs/auth). */
  readonly jwtKey: KeyObject;

  constructor(
    readonly pool: Pool,
    jwtSecret: string,
    private readonly statementTimeoutMs: number,
  ) {
    this.jwtKey = jwtKey(jwtSecret);
  }

  /**
   * The tenant transaction of libs/database (TenantTransaction.run): BEGIN, the same
   * transaction-local settings in one statement, the work, COMMIT (ROLLBACK on error).
   */
  async tenantTransaction<T>(scope: BaselineScope, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `select set_config('role', $1, true), set_config('app.current_org_id', $2, true),
                set_config('app.current_user_id', $3, true), set_config('statement_timeout', $4, true)`,
        [RUNTIME_ROLE, scope.organizationId ?? '', scope.userId ?? '', String(this.statementTimeoutMs)],
      );
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /** Authenticates like the service's guard: a Bearer JWT, or else an API key. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<BaselineActor | undefined> {
    return this.verifyAccessToken(headers.authorization) ?? (await this.authenticateApiKey(headers));
  }

  /** JwtStrategy: HS256, issuer, audience, expiry, then the claim checks. */
  verifyAccessToken(authorization: string | string[] | undefined): BaselineActor | undefined {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ') || authorization.startsWith('Bearer sy_')) return undefined;
    try {
      const claims = verifyJwt(authorization.slice(7), this.jwtKey, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE }) as Record<string, unknown>;
      if (claims.typ !== 'access' || !ROLES.has(claims.role as string) || !claims.org || !claims.sub) return undefined;
      return { type: 'user', id: claims.sub as string, organizationId: claims.org as string, role: claims.role as string };
    } catch {
      return undefined;
    }
  }

  /** ApiKeyStrategy: one call of the SECURITY DEFINER function outside any tenant transaction. */
  async authenticateApiKey(headers: Record<string, string | string[] | undefined>): Promise<BaselineActor | undefined> {
    const header = headers['x-api-key'];
    const token = typeof header === 'string' ? header.trim() : undefined;
    const parsed = token ? parseApiKey(token) : undefined;
    if (!parsed) return undefined;
    const { rows } = await this.pool.query<{ organization_id: string; role: string; secret_hash: Buffer; expires_at: Date | null }>(
      'select organization_id, role, secret_hash, expires_at from auth_api_key($1)',
      [parsed.keyId],
    );
    const key = rows[0];
    const hash = createHash('sha256').update(parsed.secret).digest();
    if (!key || !ROLES.has(key.role) || key.secret_hash.length !== hash.length || !timingSafeEqual(key.secret_hash, hash)) return undefined;
    if (key.expires_at && key.expires_at.getTime() <= Date.now()) return undefined;
    return { type: 'api_key', id: parsed.keyId, organizationId: key.organization_id, role: key.role };
  }
}

/** The problem document the service answers 401 with (shape only; the baseline rarely sends it). */
export function unauthenticated(instance: string) {
  return {
    type: 'https://switchyard.dev/problems/unauthenticated',
    title: 'Unauthorized',
    status: 401,
    detail: 'Authentication required',
    instance,
    code: 'AUTH.UNAUTHENTICATED',
  };
}
