import { Client, Query, QueryResult } from 'pg';

/**
 * The statements TypeORM sends to open and end a top-level transaction
 * (PostgresQueryRunner.startTransaction / commitTransaction / rollbackTransaction).
 */
const OPEN = new Set(['START TRANSACTION', 'BEGIN']);
const END = new Set(['COMMIT', 'ROLLBACK']);

/** pg's wire connection, as far as this file uses it (pg/lib/connection.js). */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parse(message: { text: string }): void;
  bind(message: { values: unknown[] }): void;
  execute(message: { portal: string }): void;
}

/** pg's Query as its source has it (pg/lib/query.js); @types/pg leaves out what this file builds on. */
interface PgQuery {
  submit(connection: WireConnection): Error | null;
  /** The extended protocol: Parse, Bind, Describe, Execute, Sync. */
  prepare(connection: WireConnection): void;
  handleReadyForQuery(connection: WireConnection): void;
  /** One result, or an array of them when the answer held several statements. */
  _results: QueryResult | QueryResult[];
}
const PgQuery = Query as unknown as new (text: string, values: unknown[], callback: (error: Error | null, result: QueryResult) => void) => PgQuery;

/**
 * A parameterized statement preceded by `BEGIN` in the same write, as pgjdbc does: Parse, Bind and
 * Execute of `BEGIN`, then the statement's own Parse, Bind, Describe, Execute and one Sync. The
 * server runs them in order, so the statement runs inside the transaction exactly as if `BEGIN`
 * had been sent on its own; only the round trip is gone. If the statement fails, the transaction
 * is open and aborted, as it would be after a separate `BEGIN`. The caller gets the statement's
 * result alone.
 */
class BeginThenQuery extends PgQuery {
  override submit(connection: WireConnection): Error | null {
    connection.stream.cork?.();
    try {
      connection.parse({ text: 'BEGIN' });
      connection.bind({ values: [] });
      connection.execute({ portal: '' });
      this.prepare(connection);
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  override handleReadyForQuery(connection: WireConnection): void {
    // BEGIN's result came first; pg made an array of both, as for a multi-statement answer.
    if (Array.isArray(this._results)) {
      this._results.shift();
      if (this._results.length === 1) this._results = this._results[0];
    }
    super.handleReadyForQuery(connection);
  }
}

function answered(command: string): QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/**
 * The pool's client (DataSource `extra.Client`): it sends a top-level transaction's `BEGIN`
 * together with the transaction's first statement instead of on its own, which saves one round
 * trip (two system calls here, and a wake-up of the backend) on every transaction: every request
 * and every job runs in one (TenantTransaction). A transaction that runs no statement sends
 * nothing at all: its `COMMIT` or `ROLLBACK` is answered here.
 *
 * Only the promise form TypeORM uses is changed: `query(text, values)`. When the first statement
 * has no parameters (it may hold several statements, which the extended protocol refuses), is a
 * config object, a submittable (cursor, stream) or takes a callback, `BEGIN` is sent on its own
 * first and the statement only after it succeeded, as before.
 */
export class LazyBeginClient extends Client {
  /** A transaction was opened here and `BEGIN` has not been sent yet. */
  private beginDeferred = false;

  // pg's overloads (promise, callback, submittable) are one function underneath.
  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const promiseForm = typeof config === 'string' && callback === undefined && typeof values !== 'function';
    const withoutValues = values === undefined || (Array.isArray(values) && values.length === 0);
    if (!this.beginDeferred) {
      if (promiseForm && withoutValues && OPEN.has(config)) {
        this.beginDeferred = true;
        return Promise.resolve(answered('BEGIN')) as never;
      }
      return this.send(args);
    }
    this.beginDeferred = false;
    if (promiseForm && withoutValues && END.has(config)) return Promise.resolve(answered(config)) as never;
    if (promiseForm && !withoutValues) {
      return new Promise((resolve, reject) => {
        this.send([new BeginThenQuery(config, values as unknown[], (error: Error | null, result: QueryResult) => (error ? reject(error) : resolve(result)))]);
      }) as never;
    }
    return this.beginThen(args);
  }

  /** `BEGIN` on its own, then the statement in whatever form it came; a failed `BEGIN` fails the statement. */
  private beginThen(args: unknown[]): never {
    const begun = this.send(['BEGIN']) as Promise<unknown>;
    const [config, values, callback] = args;
    if (typeof (config as { submit?: unknown }).submit === 'function') {
      const submittable = config as { handleError?: (error: Error, connection: unknown) => void };
      begun.then(
        () => this.send(args),
        (error: Error) => submittable.handleError?.(error, (this as unknown as { connection: unknown }).connection),
      );
      return submittable as never;
    }
    const done = typeof values === 'function' ? values : callback;
    if (typeof done === 'function') {
      begun.then(
        () => this.send(args),
        (error: Error) => done(error),
      );
      return undefined as never;
    }
    return begun.then(() => this.send(args)) as never;
  }

  private send(args: unknown[]): never {
    return (Client.prototype.query as (...forwarded: unknown[]) => never).apply(this, args);
  }
}
