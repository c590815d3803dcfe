import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType, databaseConfig } from '@switchyard/config';
import { Actor, AUTH, DomainError, isRole } from '@switchyard/core';
import { ClsService } from 'nestjs-cls';
import { EntityManager, QueryFailedError, QueryResult, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { CallerCredential } from './caller-credential';
import { RUNTIME_ROLE } from './runtime-role';

const SCOPE_KEY = 'tenantScope';

/**
 * The first statement of an authenticated request: auth_enter (migration LiveAuthorization)
 * checks the credential against the live rows, sets the tenant settings and answers the current
 * role; the role switch runs in the same SELECT (it cannot run inside a SECURITY DEFINER
 * function). FROM is evaluated first, so nothing is switched when the caller is refused.
 */
const ENTER_AS_CALLER = `select set_config('role', $1, true) as runtime_role, r.organization_id, r.role
  from auth_enter($2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::bytea, $7) r`;

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
    return this.transact(() => this.enter(scope), fn);
  }

  /**
   * The request's transaction for a credential: its first round trip decides who the caller is
   * now (membership, user, session, key, creator) and with which role; `fn` gets that actor.
   * A credential the live rows no longer back answers AUTH.UNAUTHENTICATED.
   */
  async runAs<T>(credential: CallerCredential, fn: (actor: Actor) => Promise<T>): Promise<T> {
    let actor: Actor | undefined;
    return this.transact(
      async () => {
        actor = await this.enterAs(credential);
      },
      () => fn(actor!),
    );
  }

  private async enterAs(credential: CallerCredential): Promise<Actor> {
    const user = credential.type === 'user' ? credential : undefined;
    const key = credential.type === 'api_key' ? credential : undefined;
    const [row] = await this.query<{ organization_id: string; role: string }>(ENTER_AS_CALLER, [
      RUNTIME_ROLE,
      user?.organizationId ?? null,
      user?.userId ?? null,
      user?.sessionId ?? null,
      key?.keyId ?? null,
      key?.secretHash ?? null,
      String(this.config.statementTimeoutMs),
    ]);
    if (!row || !isRole(row.role))
      throw new DomainError(AUTH.UNAUTHENTICATED, 'The credential is no longer valid (session ended, membership or key removed); log in again');
    this.cls.set(SCOPE_KEY, { organizationId: row.organization_id, userId: user?.userId });
    return { type: credential.type, id: user ? user.userId : key!.keyId, organizationId: row.organization_id, role: row.role };
  }

  private async transact<T>(enter: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
    const outcome = await this.txHost.withTransaction(async (): Promise<{ value: T } | { error: DomainError }> => {
      await enter();
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
   *
   * Inside a transaction the statement goes to the transaction's `pg` client directly: TypeORM's
   * `QueryRunner.query` adds only what this service does not use (query and transaction
   * subscribers, slow-query timing, result wrapping) and costs two promises and a broadcast per
   * statement. What it does that matters is kept: the DataSource's logger sees the statement and
   * any failure, which is thrown as TypeORM's QueryFailedError for the problem filter to map
   * (23505 → 409, …).
   */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = this.manager;
    const runner = manager.queryRunner;
    if (!runner) return this.queryOutsideTransaction<T>(manager, sql, parameters);
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const client = (await runner.connect()) as { query(text: string, values: unknown[]): Promise<{ rows?: T[] }> };
    const logger = manager.connection.logger;
    logger.logQuery(sql, parameters, runner);
    try {
      return (await client.query(sql, parameters)).rows ?? [];
    } catch (error) {
      logger.logQueryError(error as Error, sql, parameters, runner);
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  }

  private async queryOutsideTransaction<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
    const runner = manager.connection.createQueryRunner();
    try {
      const result: QueryResult<T> = await runner.query(sql, parameters, true);
      return result.records ?? [];
    } finally {
      await runner.release();
    }
  }

  get active(): boolean {
    return this.txHost.isTransactionActive();
  }
}
