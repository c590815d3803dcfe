import { DataSource } from 'typeorm';
import { TestApp } from '../support/test-app';

/**
 * The entities are the schema's description in code; the migrations are its history. On a freshly
 * migrated database TypeORM must find nothing to change, and every table must have an entity, so
 * the two can never drift apart. What TypeORM cannot model (RLS policies, triggers, functions,
 * expression or partial indexes declared with `synchronize: false`) lives in the migrations only.
 */
describe('entities match the migrated schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('TypeORM would change nothing (an empty schema diff)', async () => {
    const diff = await withGeneratedColumnExpressions(t, () => t.app.get(DataSource).driver.createSchemaBuilder().log());
    expect(diff.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('every table of the schema has an entity', async () => {
    const entityTables = new Set(t.app.get(DataSource).entityMetadatas.map((metadata) => metadata.tableName));
    const tables = await t.sql<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'migrations' order by 1`,
    );
    expect(tables.map((table) => table.name).filter((name) => !entityTables.has(name))).toEqual([]);
  });
});

/**
 * TypeORM reads the expression of a generated column (e.g. tasks.search) from its own bookkeeping
 * table, typeorm_metadata, which only its `synchronize` creates; without it reading the schema
 * fails. The migrations do not create it (nothing at runtime reads it), so the test lends it for
 * the diff, filled with PostgreSQL's rendering of every generation expression: an entity's
 * `asExpression` is then compared with what the database really computes.
 */
async function withGeneratedColumnExpressions<T>(t: TestApp, fn: () => Promise<T>): Promise<T> {
  await t.sql(`create table typeorm_metadata (type varchar not null, database varchar, schema varchar, "table" varchar, name varchar, value text)`);
  try {
    await t.sql(
      `insert into typeorm_metadata (type, database, schema, "table", name, value)
       select 'GENERATED_COLUMN', table_catalog, table_schema, table_name, column_name, generation_expression
       from information_schema.columns where is_generated = 'ALWAYS' and table_schema = 'public'`,
    );
    return await fn();
  } finally {
    await t.sql('drop table typeorm_metadata');
  }
}
