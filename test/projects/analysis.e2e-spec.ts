import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ProjectSummaryRegistry } from '../../src/modules/projects';
import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';

const SOURCES: Record<string, string> = {
  'src/cart.ts': `// Cart arithmetic
export class Cart {
  private items: number[] = [];

  /** Adds an item. */
  add(price: number): void {
    if (price < 0 || Number.isNaN(price)) throw new Error('bad price');
    this.items.push(price);
  }

  total(discount?: number): number {
    let sum = 0;
    for (const item of this.items) sum += item;
    return discount ? sum * (1 - discount) : sum;
  }
}

export const double = (x: number) => x * 2;
`,
  'src/cart.spec.ts': `import { Cart } from './cart';\nit('adds', () => new Cart().add(1));\n`,
  'tools/report.py': `class Report:
    def render(self, rows):
        # one line per row
        out = []
        for row in rows:
            if row and row.visible:
                out.append(str(row))
        return out


def main():
    return Report().render([])
`,
  'cmd/main.go': `package main

type Server struct{ port int }

func (s Server) Start() error {
	if s.port == 0 {
		return nil
	}
	return nil
}

func main() {
	_ = Server{port: 8080}.Start()
}
`,
  'java/App.java': `public class App {
    public static void main(String[] args) {
        for (String a : args) {
            if (a.isEmpty() && args.length > 1) { System.out.println(a); }
        }
    }
}
`,
  'node_modules/dep/index.js': 'function ignored() { if (a) {} }\n',
  'README.md': '# fixture\n',
  'coverage/lcov.info': 'TN:\nSF:src/cart.ts\nFNF:3\nFNH:2\nLF:10\nLH:8\nBRF:4\nBRH:3\nend_of_record\n',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e.st', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e.st' },
  }).trim();
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe('Code analysis end to end (local git repository, file:// URL)', () => {
  let t: TestApp;
  let owner: Session;
  let other: Session;
  let source: string;
  let firstCommit: string;
  let secondCommit: string;

  beforeAll(async () => {
    source = mkdtempSync(join(tmpdir(), 'switchyard-fixture-'));
    git(source, 'init', '--quiet', '--initial-branch=main');
    write(source, SOURCES);
    git(source, 'add', '-A');
    git(source, 'commit', '--quiet', '-m', 'first');
    firstCommit = git(source, 'rev-parse', 'HEAD');
    write(source, {
      'src/extra.ts':
        'export function grade(n: number) {\n  switch (n) {\n    case 1: return "a";\n    case 2: return "b";\n    default: return n > 2 && n < 9 ? "c" : "d";\n  }\n}\n',
    });
    git(source, 'add', '-A');
    git(source, 'commit', '--quiet', '-m', 'second');
    secondCommit = git(source, 'rev-parse', 'HEAD');

    t = await TestApp.start({ ALLOW_LOCAL_REPOSITORIES: 'true', JOB_POLL_INTERVAL_MS: '100', ANALYSIS_WORK_DIR: `${source}-work` });
    owner = await t.signup();
    other = await t.signup();
    // Booting the embedded database is slow on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(source, { recursive: true, force: true });
    rmSync(`${source}-work`, { recursive: true, force: true });
  });

  const as = (session: Session) => ({ token: session.accessToken });

  /** Polls the run until it is finished, at most ~30 s: no fixed sleeps. */
  async function finished(repositoryId: string, runId: string) {
    for (let i = 0; i < 300; i += 1) {
      const run = await t.get(`/v1/repositories/${repositoryId}/analyses/${runId}`, as(owner));
      if (run.body.status === 'completed' || run.body.status === 'failed') return run.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${runId} did not finish`);
  }

  async function register(cloneUrl: string, extra: object = {}) {
    const response = await t.post(
      '/v1/repositories',
      { provider: 'local', owner: 'fixtures', name: `repo-${Math.random().toString(36).slice(2, 8)}`, cloneUrl, ...extra },
      as(owner),
    );
    expect(response.status).toBe(201);
    return response.body;
  }

  it('analyses the tree with real parsers, honouring globs, and reads coverage', async () => {
    const { body: project } = await t.post('/v1/projects', { name: 'Analysed' }, as(owner));
    const repository = await register(`file://${source}`, { projectIds: [project.id], analysisConfig: { exclude: ['**/*.spec.ts'] } });
    const queued = await t.post(`/v1/repositories/${repository.id}/analyses`, { commitSha: firstCommit.slice(0, 10) }, as(owner));
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', branch: 'main', type: 'full', requestedSha: firstCommit.slice(0, 10) });

    const run = await finished(repository.id, queued.body.id);
    expect(run).toMatchObject({ status: 'completed', commitSha: firstCommit, analyzer: 'tree-sitter@0.25', attempts: 1, error: null });
    const m = run.metrics;
    expect(m.files).toBe(4);
    expect(Object.keys(m.languages).sort()).toEqual(['go', 'java', 'python', 'typescript']);
    expect(m.languages.typescript).toMatchObject({ files: 1, classes: 1, functions: 3, commentLines: 2, blankLines: 3, linesOfCode: 13 });
    // add: 1 + if + || ; total: 1 + for + ternary
    expect(m.languages.typescript.maxComplexity).toBe(3);
    expect(m.languages.python).toMatchObject({ files: 1, classes: 1, functions: 2, commentLines: 1, maxComplexity: 4 });
    expect(m.languages.go).toMatchObject({ classes: 1, functions: 2, maxComplexity: 2 });
    expect(m.languages.java).toMatchObject({ classes: 1, functions: 1, maxComplexity: 4 });
    expect(m.functions).toBe(8);
    expect(m.coverage).toEqual({ format: 'lcov', report: 'coverage/lcov.info', lines: 80, branches: 75, functions: 66.67 });
    expect(run.results.skipped).toMatchObject({ excluded: 1, unsupported_language: 1 });
    expect(run.results.hotspots[0]).toMatchObject({ complexity: 4 });

    const latest = await t.post(`/v1/repositories/${repository.id}/analyses`, {}, as(owner));
    const second = await finished(repository.id, latest.body.id);
    expect(second).toMatchObject({ status: 'completed', commitSha: secondCommit });
    expect(second.metrics.functions).toBe(9);
    expect(second.metrics.maxComplexity).toBe(5);

    const trend = await t.get(`/v1/repositories/${repository.id}/analyses/trends?metric=functions`, as(owner));
    expect(trend.status).toBe(200);
    expect(trend.body).toMatchObject({
      branch: 'main',
      metric: 'functions',
      points: [
        { runId: run.id, value: 8 },
        { runId: second.id, value: 9 },
      ],
    });
    const tsTrend = await t.get(`/v1/repositories/${repository.id}/analyses/trends?metric=files&language=typescript`, as(owner));
    expect(tsTrend.body.points.map((p: { value: number }) => p.value)).toEqual([1, 2]);

    const compared = await t.get(`/v1/repositories/${repository.id}/analyses/compare?base=${run.id}&head=${second.id}`, as(owner));
    expect(compared.status).toBe(200);
    expect(compared.body.changes.metrics.functions).toEqual({ base: 8, head: 9, delta: 1, percent: 12.5 });
    expect(compared.body.changes.languages.typescript.files).toMatchObject({ base: 1, head: 2, delta: 1 });
    expect(compared.body.changes.hotspotsWorsened[0]).toMatchObject({ path: 'src/extra.ts', name: 'grade', complexity: 5, before: null });

    const listed = await t.get(`/v1/repositories/${repository.id}/analyses?status=completed`, as(owner));
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([second.id, run.id]);
    expect((await t.get(`/v1/repositories/${repository.id}`, as(owner))).body.lastAnalyzedAt).not.toBeNull();

    // The summary combines the latest analysis of the default branch, plus counters other modules contribute.
    t.app.get(ProjectSummaryRegistry).register({ key: 'probe', summarize: async (ids) => new Map(ids.map((id) => [id, { seen: 1 }])) });
    const summary = await t.get('/v1/projects/summary?limit=100', as(owner));
    expect(summary.status).toBe(200);
    const entry = summary.body.items.find((item: { project: { id: string } }) => item.project.id === project.id);
    expect(entry).toMatchObject({
      repositories: { count: 1, ids: [repository.id], analyzed: 1 },
      latestAnalysis: { functions: 9, files: 5, maxComplexity: 5, coverage: 80 },
      counters: { probe: { seen: 1 } },
    });

    const audit = await t.get(`/v1/audit-logs?entityType=analysis_run&entityId=${run.id}`, as(owner));
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['complete', 'create', 'start']);

    // Another organization sees none of it.
    for (const url of [
      `/v1/repositories/${repository.id}/analyses`,
      `/v1/repositories/${repository.id}/analyses/${run.id}`,
      `/v1/repositories/${repository.id}/analyses/trends?metric=files`,
      `/v1/repositories/${repository.id}/analyses/compare?base=${run.id}&head=${second.id}`,
    ]) {
      expect((await t.get(url, as(other))).status).toBe(404);
    }
    expect((await t.post(`/v1/repositories/${repository.id}/analyses`, {}, as(other))).status).toBe(404);
    expect((await t.get('/v1/projects/summary', as(other))).body.items.map((i: { project: { id: string } }) => i.project.id)).not.toContain(project.id);
  });

  it('fails a run with a readable reason when the repository cannot be cloned, and nothing else breaks', async () => {
    const missing = await register(`file://${source}-does-not-exist`);
    const queued = await t.post(`/v1/repositories/${missing.id}/analyses`, {}, as(owner));
    const run = await finished(missing.id, queued.body.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/does not appear to be a git repository/);
    expect(run.attempts).toBe(1);

    const good = await register(`file://${source}`);
    const unknownCommit = await t.post(`/v1/repositories/${good.id}/analyses`, { commitSha: 'f'.repeat(40) }, as(owner));
    const failed = await finished(good.id, unknownCommit.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/not found|did not match|not our ref|couldn't find/i);

    const unknownBranch = await t.post(`/v1/repositories/${good.id}/analyses`, { branch: 'no-such-branch' }, as(owner));
    expect((await finished(good.id, unknownBranch.body.id)).error).toMatch(/couldn't find remote ref/i);

    const ok = await t.post(`/v1/repositories/${good.id}/analyses`, { type: 'coverage' }, as(owner));
    const coverage = await finished(good.id, ok.body.id);
    expect(coverage).toMatchObject({ status: 'completed', metrics: { files: 0, coverage: { lines: 80 } } });
    const notComparable = await t.get(`/v1/repositories/${good.id}/analyses/compare?base=${failed.id}&head=${coverage.id}`, as(owner));
    expect([notComparable.status, notComparable.body.code]).toEqual([422, 'PROJECTS.RUNS_NOT_COMPARABLE']);
  });

  it('queues runs when a repository schedule fires', async () => {
    const scheduled = await register(`file://${source}`, { analysisConfig: { schedule: '* * * * *' } });
    const unscheduled = await register(`file://${source}`);
    await t.sql(`update repositories set last_scheduled_at = now() - interval '1 hour' where id = any($1::uuid[])`, [[scheduled.id, unscheduled.id]]);
    const fired = await t.post('/v1/admin/jobs/analysis-scheduler/run', {}, PLATFORM_OPERATOR);
    expect(fired.body).toMatchObject({ ran: true, result: { queued: expect.any(Number) } });
    expect(fired.body.result.queued).toBeGreaterThanOrEqual(1);
    const runs = await t.get(`/v1/repositories/${scheduled.id}/analyses`, as(owner));
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ branch: 'main', type: 'full', requestedBy: null });
    expect((await finished(scheduled.id, runs.body.items[0].id)).status).toBe('completed');
    expect((await t.get(`/v1/repositories/${unscheduled.id}/analyses`, as(owner))).body.items).toEqual([]);
  });

  it('refuses bad analysis requests', async () => {
    const repository = await register(`file://${source}`);
    const url = `/v1/repositories/${repository.id}/analyses`;
    for (const body of [{ type: 'deep' }, { branch: 'a b' }, { commitSha: 'xyz' }, { commitSha: '123' }, { priority: 1 }]) {
      expect((await t.post(url, body, as(owner))).status).toBe(400);
    }
    expect((await t.get(`${url}/trends`, as(owner))).status).toBe(400);
    expect((await t.get(`${url}/trends?metric=bugs`, as(owner))).status).toBe(400);
    expect((await t.get(`${url}/compare?base=x&head=y`, as(owner))).status).toBe(400);
    expect((await t.get(`${url}/not-a-uuid`, as(owner))).status).toBe(400);
    expect((await t.post('/v1/repositories/00000000-0000-4000-8000-000000000000/analyses', {}, as(owner))).status).toBe(404);
    const viewer = await t.addMember(owner, 'viewer');
    expect((await t.post(url, {}, as(viewer))).status).toBe(403);
  });

  it('survives a dead worker: its run is retried once the lease expires, or failed when no attempts remain', async () => {
    const repository = await register(`file://${source}`);
    const orphan = async (attempts: number, maxAttempts: number) => {
      const [run] = await t.sql(
        `insert into analysis_runs (organization_id, repository_id, branch, type, status, attempts, started_at, heartbeat_at)
         values ($1, $2, 'main', 'full', 'running', $3, now() - interval '1 hour', now() - interval '1 hour') returning id`,
        [owner.organization.id, repository.id, attempts],
      );
      // A job another process claimed and then died with: its lease has already run out.
      const [job] = await t.sql(
        `insert into job_queue (queue, organization_id, payload, state, attempts, max_attempts, locked_by, locked_until, started_at)
         values ('projects.analysis', $1, $2, 'active', $3, $4, 'dead-process', now() - interval '1 second', now() - interval '1 hour') returning id`,
        [owner.organization.id, { runId: run.id }, attempts, maxAttempts],
      );
      await t.sql(`update analysis_runs set job_id = $2 where id = $1`, [run.id, job.id]);
      return run.id as string;
    };
    const retried = await orphan(1, 3);
    const exhausted = await orphan(3, 3);

    const reap = await t.post('/v1/admin/jobs/job-queue-reap/run', {}, PLATFORM_OPERATOR);
    expect(reap.status).toBe(200);
    expect(reap.body).toMatchObject({ ran: true, result: { reaped: 2 } });

    const completed = await finished(repository.id, retried);
    expect(completed).toMatchObject({ status: 'completed', attempts: 2, commitSha: secondCommit });
    const gaveUp = await finished(repository.id, exhausted);
    expect(gaveUp.status).toBe('failed');
    expect(gaveUp.error).toMatch(/worker stopped/);

    // A run whose job vanished altogether is failed by the analysis reaper.
    const [lost] = await t.sql(
      `insert into analysis_runs (organization_id, repository_id, branch, type, status, queued_at) values ($1, $2, 'main', 'full', 'queued', now() - interval '1 hour') returning id`,
      [owner.organization.id, repository.id],
    );
    const repaired = await t.post('/v1/admin/jobs/analysis-reaper/run', {}, PLATFORM_OPERATOR);
    expect(repaired.body).toMatchObject({ ran: true, result: { failed: 1 } });
    const lostRun = await t.get(`/v1/repositories/${repository.id}/analyses/${lost.id}`, as(owner));
    expect(lostRun.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/lost its job/) });
  });
});
