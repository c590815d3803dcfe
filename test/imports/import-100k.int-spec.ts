import { ImportCommand } from '../../src/modules/imports';
import { TestApp } from '../support/test-app';
import { bigFile, runImport, writeTasksFile } from './support';

/** The scale case on its own app and organization: a generated file of 100,000 tasks, both databases. */
describe('imports: a 100,000-task tasks.json', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('imports a file of 100,000 tasks (83,334 tasks and 16,666 subtasks) in one transaction, with progress, then again as no-op updates', async () => {
    const big = await t.signup();
    const file = bigFile(83_334);
    const progress: number[] = [];
    const started = Date.now();
    const report = await t.app.get(ImportCommand).run({
      organization: big.organization.slug,
      project: 'big',
      file: writeTasksFile(file),
      onProgress: (p) => p.phase === 'writing' && progress.push(p.done!),
    });
    const firstMs = Date.now() - started;
    expect(report.totals).toMatchObject({ created: 100_000, skipped: 0, dependencies: { created: 83_333 + 8_333 } });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const [count] = await t.sql(`select count(*)::int as n, max(number) as top from tasks where project_id = $1`, [report.projects[0].projectId]);
    expect(count).toEqual({ n: 100_000, top: 100_000 });
    const again = Date.now();
    const second = await runImport(t.app, { org: big.organization.slug, project: 'big', file });
    expect(second.totals).toMatchObject({ created: 0, unchanged: 100_000, dependencies: { existing: 83_333 + 8_333 } });
    process.stdout.write(`100,000-task import: first ${firstMs} ms, second ${Date.now() - again} ms (${t.isEmbedded ? 'embedded' : 'PostgreSQL'})\n`);
  }, 1_800_000);
});
