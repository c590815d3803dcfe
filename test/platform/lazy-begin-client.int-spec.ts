import { dataSourceOptions, EmbeddedPostgres, LazyBeginClient } from '@switchyard/database';
import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { workerDatabaseUrl } from '../support/test-database';

/**
 * The pool's client sends a transaction's BEGIN together with its first parameterized statement
 * (libs/database lazy-begin-client.ts). What must hold: the same answers and the same transaction
 * semantics as a separate BEGIN, one round trip less (counted as ReadyForQuery messages: one per
 * round trip), and nothing sent for a transaction that runs no statement.
 */
describe('LazyBeginClient: BEGIN with the first statement', () => {
  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  let pool: Pool;
  let client: PoolClient;
  let roundTrips = 0;

  beforeAll(async () => {
    url = workerDatabaseUrl() ?? (embedded = await EmbeddedPostgres.start()).url;
    pool = new Pool({ connectionString: url, max: 1, Client: LazyBeginClient });
    client = await pool.connect();
    await client.query('create schema if not exists test_scratch; create table if not exists test_scratch.lazy_begin_probe (v int not null)');
    (client as unknown as { connection: Client['connection'] & { on(event: string, listener: () => void): void } }).connection.on(
      'readyForQuery',
      () => roundTrips++,
    );
  });
  afterAll(async () => {
    await client.query('drop table if exists test_scratch.lazy_begin_probe');
    client.release();
    await pool.end();
    await embedded?.stop();
  });
  beforeEach(async () => {
    await client.query('truncate test_scratch.lazy_begin_probe');
    roundTrips = 0;
  });

  const probeValues = async () => (await client.query('select v from test_scratch.lazy_begin_probe order by v')).rows.map((row) => row.v);

  it('sends BEGIN with the first parameterized statement: one round trip for both, and the same result', async () => {
    const plain = await client.query('select $1::int as v, $2::text as w', [7, 'seven']);
    roundTrips = 0;

    await client.query('START TRANSACTION');
    const first = await client.query('select $1::int as v, $2::text as w', [7, 'seven']);
    await client.query('COMMIT');

    expect(roundTrips).toBe(2); // BEGIN + select, then COMMIT (three with a BEGIN of its own)
    expect({ rows: first.rows, rowCount: first.rowCount, command: first.command, fields: first.fields.map((f) => f.name) }).toEqual({
      rows: plain.rows,
      rowCount: plain.rowCount,
      command: plain.command,
      fields: plain.fields.map((f) => f.name),
    });
  });

  it('runs the first statement inside the transaction: a rollback takes it back', async () => {
    await client.query('START TRANSACTION');
    const inserted = await client.query('insert into test_scratch.lazy_begin_probe (v) values ($1), ($2)', [1, 2]);
    expect(inserted.rowCount).toBe(2);
    await client.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [3]);
    await client.query('ROLLBACK');
    expect(await probeValues()).toEqual([]);

    await client.query('START TRANSACTION');
    await client.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [4]);
    await client.query('COMMIT');
    expect(await probeValues()).toEqual([4]);
  });

  it('sends nothing for a transaction that runs no statement', async () => {
    await client.query('START TRANSACTION');
    await expect(client.query('COMMIT')).resolves.toMatchObject({ command: 'COMMIT', rows: [] });
    await client.query('BEGIN');
    await expect(client.query('ROLLBACK')).resolves.toMatchObject({ command: 'ROLLBACK', rows: [] });
    expect(roundTrips).toBe(0);
    // …and the connection is not left in a transaction.
    await client.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [5]);
    await client.query('ROLLBACK'); // outside a transaction: only a warning, nothing taken back
    expect(await probeValues()).toEqual([5]);
  });

  it('leaves the transaction open and aborted when the first statement fails, as a separate BEGIN would', async () => {
    await client.query('START TRANSACTION');
    await expect(client.query('select $1::int as v', ['not a number'])).rejects.toThrow(/invalid input syntax for type integer/);
    await expect(client.query('select $1::int as v', [1])).rejects.toThrow(/current transaction is aborted/);
    await client.query('ROLLBACK');
    await expect(client.query('select $1::int as v', [1])).resolves.toMatchObject({ rows: [{ v: 1 }] });
  });

  it('sends BEGIN on its own before a first statement without parameters (it may hold several statements)', async () => {
    await client.query('START TRANSACTION');
    const results = (await client.query(
      'insert into test_scratch.lazy_begin_probe (v) values (10); insert into test_scratch.lazy_begin_probe (v) values (11)',
    )) as unknown as Array<{ command: string }>;
    expect(results.map((r) => r.command)).toEqual(['INSERT', 'INSERT']);
    expect(roundTrips).toBe(2); // BEGIN, then the statements
    await client.query('ROLLBACK');
    expect(await probeValues()).toEqual([]);
  });

  it('sends BEGIN on its own, and waits for it, before a first statement with a callback', async () => {
    await client.query('START TRANSACTION');
    const result = await new Promise<{ rowCount: number | null }>((resolve, reject) =>
      client.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [12], (error, res) => (error ? reject(error) : resolve(res))),
    );
    expect(result.rowCount).toBe(1);
    await client.query('ROLLBACK');
    expect(await probeValues()).toEqual([]);
  });

  it('is the pool client of the service’s DataSource, whose transactions keep their semantics', async () => {
    const dataSource = await new DataSource({ ...dataSourceOptions(url, { poolSize: 1 }), migrations: [] }).initialize();
    try {
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [20]);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await dataSource.transaction(async (manager) => {
        await manager.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [21]);
        await manager.query('insert into test_scratch.lazy_begin_probe (v) values ($1)', [22]);
      });
      await dataSource.transaction(async () => undefined);
    } finally {
      await dataSource.destroy();
    }
    expect(await probeValues()).toEqual([21, 22]);
  });
});
