import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, PoolClient } from 'pg';

interface Scope {
  client: PoolClient;
  organizationId?: string;
}

/**
 * What TenantTransaction does per request, without Nest: one transaction on a pooled connection,
 * `SET LOCAL ROLE switchyard_app` and the tenant as transaction-local settings (so RLS applies),
 * the current client found through AsyncLocalStorage. Also serves as libs/jobs' TenantTransaction.
 */
export class BenchTransaction {
  private readonly als = new AsyncLocalStorage<Scope>();

  constructor(private readonly pool: Pool) {}

  async run<T>(scope: { organizationId?: string }, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'switchyard_app', true), set_config('app.current_org_id', $1, true)`, [scope.organizationId ?? '']);
      const value = await this.als.run({ client, organizationId: scope.organizationId }, fn);
      await client.query('commit');
      return value;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  get client(): PoolClient {
    const scope = this.als.getStore();
    if (!scope) throw new Error('No transaction');
    return scope.client;
  }

  get organizationId(): string {
    return this.als.getStore()!.organizationId!;
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, parameters)).rows;
  }

  /** The slice of TypeORM's EntityManager that libs/jobs uses. */
  get manager(): { query: (sql: string, parameters?: unknown[]) => Promise<unknown[]> } {
    return { query: (sql, parameters) => this.query(sql, parameters) };
  }
}
