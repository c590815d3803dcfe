import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType, databaseConfig } from '@switchyard/config';
import { DomainError } from '@switchyard/core';
import { ClsService } from 'nestjs-cls';
import { EntityManager, QueryResult } from 'typeorm';
import { RUNTIME_ROLE } from './runtime-role';

const SCOPE_KEY = 'tenantScope';


/** Who a transaction acts for. No organization means: RLS shows no tenant row at all. */
export interface TenantScope {
  organizationId?: string;
  userId?: string;
}

/**
 * The one way into the database. Every request (and every background job) runs inside
 * `run(scope, fn)`: a transaction that switches to the unprivileged runtime role and carries
 * the tenant in transaction-local settings, read by the RLS policies. Repositories take
 * their EntityManager from `manager`, which is always the current transaction's.
 */
@Injectable()
export class TenantTransaction {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    @Inject(databaseConfig.KEY) private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  async run<T>(scope: TenantScope, fn: () => Promise<T>): Promise<T> {
    const outcome = await this.txHost.withTransaction(async (): Promise<{ value: T } | { error: DomainError }> => {
      await this.enter(scope);
      try {
        return { value: await fn() };
      } catch (error) {
        if (error instanceof DomainError && error.commitChanges) return { error };
        throw error;
      }
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /**
   * Re-scopes the current transaction, for the few flows where the tenant becomes known
   * mid-request (signup, login, invitation acceptance). Transaction-local, so nothing leaks
   * to the next user of the pooled connection.
   */
  async enter(scope: TenantScope): Promise<void> {
    this.cls.set(SCOPE_KEY, scope);
    await this.manager.query(
      `select set_config('role', $1, true), set_config('app.current_org_id', $2, true),
              set_config('app.current_user_id', $3, true), set_config('statement_timeout', $4, true)`,
      [RUNTIME_ROLE, scope.organizationId ?? '', scope.userId ?? '', String(this.config.statementTimeoutMs)],
    );
  }

  /**
   * The organization the current transaction is scoped to. Repositories filter on it
   * explicitly; RLS enforces the same thing underneath.
   */
  get organizationId(): string {
    const id = this.cls.get<TenantScope | undefined>(SCOPE_KEY)?.organizationId;
    if (!id) throw new Error('No tenant in this transaction: tenant-owned data needs an organization');
    return id;
  }

  get manager(): EntityManager {
    return this.txHost.tx;
  }

  /**
   * Raw SQL in the current transaction, answering the rows for every kind of statement.
   * Prefer it to `manager.query`, which answers `[rows, rowCount]` (not the rows) for UPDATE
   * and DELETE, with or without RETURNING: `(await manager.query('update ... returning id')).length`
   * is always 2.
   */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = this.manager;
    const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
    try {
      const result: QueryResult<T> = await runner.query(sql, parameters, true);
      return result.records ?? [];
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  get active(): boolean {
    return this.txHost.isTransactionActive();
  }
}
