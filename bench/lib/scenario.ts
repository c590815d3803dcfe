import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import type { BaseDataset } from '../seed/base-dataset';
import type { BaselineTools } from './baseline-tools';

/** One HTTP request as autocannon (or the fixed-rate driver) sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/v1/members?limit=50`. */
  path: string;
  headers?: Record<string, string>;
  /** A JSON body (sent with content-type application/json). */
  body?: unknown;
}

/** What a scenario's seed step gets: a superuser connection to the bench database. */
export interface SeedContext {
  /** Connected as the database owner (superuser): RLS does not apply, so seeding sees every tenant. */
  db: Pool;
  /** The service's ENCRYPTION_KEY (key id k1): what seeds seal secrets with, as SecretBox does. */
  encryptionKey: Buffer;
  /** The shared data set (organizations, users, memberships, API keys), created once per run, idempotent. */
  base(): Promise<BaseDataset>;
  /** Signs an access token exactly like the service's AccessTokenIssuer (same secret, claims, algorithm). */
  accessToken(userId: string, organizationId: string, role: 'viewer' | 'member' | 'admin' | 'owner'): string;
}

/**
 * A benchmark scenario: one module under bench/scenarios, listed in bench/scenarios/index.ts.
 *
 * - `seed` prepares data (idempotent, set-based SQL) and returns whatever `requests` needs;
 * - `requests` returns a function giving the next request; it is called once per request, so
 *   it can rotate over many users / tenants. The same requests go to the service and the baseline;
 * - `baseline` registers the hand-written equivalent (plain Fastify + `pg`, same SQL inside the
 *   same kind of tenant transaction, same JSON) on the baseline server, under `/<name>`.
 */
export interface Scenario<State = unknown> {
  name: string;
  /** One line for the report, e.g. "GET /v1/me with a JWT". */
  title: string;
  seed(ctx: SeedContext): Promise<State>;
  requests(state: State): () => BenchRequest;
  baseline(app: FastifyInstance, tools: BaselineTools): void;
  /**
   * At most this many connections, whatever --connections says: for CPU-bound-by-design routes
   * (password hashing) where more connections only queue past the client's timeout.
   */
  maxConnections?: number;
  /** At least this many seconds per measurement, for slow routes where 10 s holds too few requests. */
  minSeconds?: number;
  /**
   * The pre-flight check sends the same request to both sides, unless this is set: then each
   * side gets the next request (for writes that would conflict when repeated, e.g. a versioned PATCH).
   */
  distinctPreflight?: boolean;
  /** Defaults to 200. Every response of a measured run must have it, otherwise the run counts non-2xx/mismatches. */
  expectedStatus?: number;
}

/** Keeps the State type of a scenario checked where it is written, and erased in the registry. */
export function defineScenario<State>(scenario: Scenario<State>): Scenario<unknown> {
  return scenario as unknown as Scenario<unknown>;
}
