import { MIGRATION_CHECKSUMS, migrationClasses } from '@switchyard/database';
import { DataSource } from 'typeorm';
import * as frozen from '../../migrations';
import { RestoreEditedMigrationObjects1733300000001 } from '../../migrations/1733300000001-RestoreEditedMigrationObjects';
import { DefinerSearchPathTempLast1734300000002 } from '../../migrations/1734300000002-DefinerSearchPathTempLast';
import { migrationFiles } from '../../tools/migration-checksums';
import { TestApp } from '../support/test-app';

/** Landed migrations are never edited: the checked-in checksums say so, and readiness enforces it. */
describe('migration checksums', () => {
  it('lists every migration file with the checksum of its content (npm run migration:checksums)', () => {
    const checksums: Readonly<Record<string, string>> = MIGRATION_CHECKSUMS;
    const files = migrationFiles();
    expect(files.map((file) => ({ file: file.file, checksum: checksums[file.name] }))).toEqual(
      files.map((file) => ({ file: file.file, checksum: file.checksum })),
    );
    expect(Object.keys(checksums).sort()).toEqual(files.map((file) => file.name).sort());
  });

  it('runs every migration file, in timestamp order, found by its name', () => {
    expect(migrationClasses().map((migration) => new migration().name)).toEqual(migrationFiles().map((file) => file.name));
  });

  it('keeps the frozen record (migrations/index.ts and checksums.json, from before migrations were found by name) in agreement', () => {
    expect(migrationClasses().slice(0, frozen.ALL_MIGRATIONS.length)).toEqual(frozen.ALL_MIGRATIONS);
    for (const [name, checksum] of Object.entries(frozen.MIGRATION_CHECKSUMS as Record<string, string>))
      expect([name, MIGRATION_CHECKSUMS[name]]).toEqual([name, checksum]);
  });

  describe('on a migrated database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start();
    });
    afterAll(() => t.close());

    it('records the checksum of every applied migration', async () => {
      const rows = await t.sql<{ name: string; checksum: string }>('select name, checksum from migrations order by id');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => row.checksum !== MIGRATION_CHECKSUMS[row.name])).toEqual([]);
    });

    it('is not ready while an applied migration differs from the build, and ready again once it matches', async () => {
      const [first] = await t.sql<{ name: string; checksum: string }>('select name, checksum from migrations order by id limit 1');
      await t.sql('update migrations set checksum = $2 where name = $1', [first.name, 'edited']);
      try {
        const notReady = await t.get('/health/ready');
        expect(notReady.status).toBe(503);
        expect(JSON.stringify(notReady.body)).toContain(first.name);
      } finally {
        await t.sql('update migrations set checksum = $2 where name = $1', [first.name, first.checksum]);
      }
      expect((await t.get('/health/ready')).status).toBe(200);
    });

    it('restores, fixing forward, what edited migrations added after a database was migrated', async () => {
      await t.sql(`drop function task_search(text); drop index tasks_search_idx; create index tasks_search_idx on tasks using gin (search);
                   drop function repositories_with_analysis_schedule(); drop index repositories_scheduled_idx; alter table repositories drop column last_scheduled_at`);
      const runner = t.app.get(DataSource).createQueryRunner();
      try {
        await new RestoreEditedMigrationObjects1733300000001().up(runner);
        // Re-running an old migration recreates its functions as it wrote them; the later fix-forward
        // migration brings them back to what the whole chain leaves (this database is shared by the
        // worker's other files, e.g. definer-search-path.int-spec.ts).
        await new DefinerSearchPathTempLast1734300000002().up(runner);
      } finally {
        await runner.release();
      }
      const [state] = await t.sql(`select to_regprocedure('task_search(text)') is not null as search,
        to_regprocedure('repositories_with_analysis_schedule()') is not null as schedule,
        pg_get_indexdef('tasks_search_idx'::regclass) like '%(organization_id, search)%' as "searchIndex",
        exists (select 1 from information_schema.columns where table_name = 'repositories' and column_name = 'last_scheduled_at') as "lastScheduledAt"`);
      expect(state).toEqual({ search: true, schedule: true, searchIndex: true, lastScheduledAt: true });
    });
  });
});
