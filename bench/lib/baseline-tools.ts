import { createHash, KeyObject } from 'node:crypto';
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
  /** Known from a JWT at once; for an API key, set by the first statement (auth_enter). */
  organizationId: string;
  /** The live role, set by the first statement of callerTransaction (never from the token). */
  role: string;
  sessionId?: string;
  keyHash?: Buffer;
}

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
  tenantTransaction<T>(scope: BaselineScope, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      await client.query(
        `select set_config('role', $1, true), set_config('app.current_org_id', $2, true),
                set_config('app.current_user_id', $3, true), set_config('statement_timeout', $4, true)`,
        [RUNTIME_ROLE, scope.organizationId ?? '', scope.userId ?? '', String(this.statementTimeoutMs)],
      );
      return work(client);
    });
  }

  /**
   * The service's request for an authenticated route (AccessInterceptor): BEGIN; one statement
   * that switches to the runtime role and asks auth_enter for the caller's live role (which also
   * sets the tenant settings); the work; COMMIT. Throws when the caller is no longer entitled
   * (the bench's callers always are; the service would answer 401).
   */
  callerTransaction<T>(actor: BaselineActor, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      const user = actor.type === 'user';
      const { rows } = await client.query<{ organization_id: string; role: string }>(
        `select set_config('role', $1, true), r.organization_id, r.role from auth_enter($2, $3, $4, $5, $6, $7) r`,
        [
          RUNTIME_ROLE,
          user ? actor.organizationId : null,
          user ? actor.id : null,
          actor.sessionId ?? null,
          user ? null : actor.id,
          actor.keyHash ?? null,
          String(this.statementTimeoutMs),
        ],
      );
      if (rows.length === 0) throw new Error('the caller is not entitled (auth_enter answered no row)');
      actor.organizationId = rows[0].organization_id;
      actor.role = rows[0].role;
      return work(client);
    });
  }

  /** BEGIN, the body, COMMIT; ROLLBACK on error; the client always goes back to the pool. */
  private async transaction<T>(body: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /** The service's guard (no database): a Bearer JWT's signature and claims, or an API key's format. */
  authenticate(headers: Record<string, string | string[] | undefined>): BaselineActor | undefined {
    return this.verifyAccessToken(headers.authorization) ?? this.parseApiKey(headers);
  }

  /** JwtStrategy: HS256, issuer, audience, expiry, then the claims' shapes (the role is not in the token). */
  verifyAccessToken(authorization: string | string[] | undefined): BaselineActor | undefined {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ') || authorization.startsWith('Bearer sy_')) return undefined;
    try {
      const claims = verifyJwt(authorization.slice(7), this.jwtKey, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE }) as Record<
        string,
        unknown
      >;
      if (claims.typ !== 'access' || !UUID.test(String(claims.sub)) || !UUID.test(String(claims.org)) || !UUID.test(String(claims.sid))) return undefined;
      return { type: 'user', id: claims.sub as string, organizationId: claims.org as string, role: '', sessionId: claims.sid as string };
    } catch {
      return undefined;
    }
  }

  /** ApiKeyStrategy: the key's format; its secret is checked by auth_enter. */
  parseApiKey(headers: Record<string, string | string[] | undefined>): BaselineActor | undefined {
    const header = headers['x-api-key'];
    const token = typeof header === 'string' ? header.trim() : undefined;
    const parsed = token ? parseApiKey(token) : undefined;
    if (!parsed) return undefined;
    return { type: 'api_key', id: parsed.keyId, organizationId: '', role: '', keyHash: createHash('sha256').update(parsed.secret).digest() };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
