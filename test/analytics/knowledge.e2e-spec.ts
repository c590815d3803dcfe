import { Session, TestApp } from '../support/test-app';
import { as, project, task } from './support';

describe('analytics: knowledge base', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  it('writes Markdown articles with tags and links, lists them by tag / task / project, edits with versions', async () => {
    const p = await project(t, a);
    const x = await task(t, a, p);
    const created = await t.post(
      '/v1/knowledge/articles',
      {
        title: 'Rolling back a failed deployment',
        content: '## Steps\n\n1. Find the last good release.\n2. Redeploy it.',
        tags: ['deploy', 'runbook', 'deploy'],
        taskIds: [x.id],
        projectIds: [p],
      },
      as(a),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tags: ['deploy', 'runbook'], taskIds: [x.id], projectIds: [p], version: 1, createdBy: a.user.id });
    const id = created.body.id;
    expect((await t.get(`/v1/knowledge/articles?tag=runbook`, as(a))).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await t.get(`/v1/knowledge/articles?taskId=${x.id}`, as(a))).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await t.get(`/v1/knowledge/articles?projectId=${p}`, as(a))).body.items.map((r: any) => r.id)).toEqual([id]);
    const edited = await t.patch(`/v1/knowledge/articles/${id}`, { version: 1, tags: ['ops'] }, as(a));
    expect(edited.body).toMatchObject({ tags: ['ops'], version: 2, title: 'Rolling back a failed deployment' });
    expect((await t.patch(`/v1/knowledge/articles/${id}`, { version: 1, title: 'x' }, as(a))).status).toBe(409);
    const missing = await t.post('/v1/knowledge/articles', { title: 'Bad link', taskIds: ['00000000-0000-4000-8000-000000000000'] }, as(a));
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('ANALYTICS.LINK_NOT_FOUND');
    expect((await t.delete(`/v1/knowledge/articles/${id}`, as(a))).status).toBe(204);
    expect((await t.get(`/v1/knowledge/articles/${id}`, as(a))).status).toBe(404);
  });

  it('ranks full-text hits (title above content) and finds a misspelt title by trigram similarity', async () => {
    const inTitle = (
      await t.post('/v1/knowledge/articles', { title: 'Kubernetes certificate rotation', content: 'Renew the cluster certificates yearly.' }, as(a))
    ).body;
    const inBody = (await t.post('/v1/knowledge/articles', { title: 'Cluster upkeep', content: 'Also remember kubernetes certificate expiry.' }, as(a))).body;
    await t.post('/v1/knowledge/articles', { title: 'Unrelated', content: 'Coffee machine descaling.' }, as(a));
    const hits = await t.get('/v1/knowledge/search?q=kubernetes%20certificate', as(a));
    expect(hits.status).toBe(200);
    expect(hits.body.items.map((h: any) => h.article.id)).toEqual([inTitle.id, inBody.id]);
    expect(hits.body.items[0].rank).toBeGreaterThan(hits.body.items[1].rank);
    const fuzzy = await t.get('/v1/knowledge/search?q=Kubernetis%20certifcate%20rotaton', as(a));
    expect(fuzzy.body.items[0].article.id).toBe(inTitle.id);
    expect(fuzzy.body.items[0].titleSimilarity).toBeGreaterThan(0.3);
  });

  it('another organization finds, reads and changes nothing, and cannot link to A’s tasks', async () => {
    const article = (await t.post('/v1/knowledge/articles', { title: 'Secret incident postmortem', content: 'Postmortem details' }, as(a))).body;
    expect((await t.get('/v1/knowledge/search?q=postmortem', as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/knowledge/search?q=Secret%20incident%20postmortem', as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/knowledge/articles', as(b))).body.items).toEqual([]);
    expect((await t.get(`/v1/knowledge/articles/${article.id}`, as(b))).status).toBe(404);
    expect((await t.patch(`/v1/knowledge/articles/${article.id}`, { version: 1, title: 'x' }, as(b))).status).toBe(404);
    expect((await t.delete(`/v1/knowledge/articles/${article.id}`, as(b))).status).toBe(404);
    const p = await project(t, a);
    const linked = await t.post('/v1/knowledge/articles', { title: 'Link to A', projectIds: [p] }, as(b));
    expect(linked.status).toBe(422);
  });

  it('answers any search text (tsquery operators, trigram wildcards, quotes) without a syntax error, and refuses U+0000', async () => {
    await t.post('/v1/knowledge/articles', { title: 'Operators & quotes', content: 'a|b !c (d) "e" f:*' }, as(a));
    for (const q of [
      '!',
      '&',
      '|',
      '(',
      ')',
      ':*',
      "'",
      '""""',
      '!!!&&&|||',
      'a:*B',
      '\\',
      '%',
      '%%_',
      '-"x"',
      'a <-> b',
      ' ',
      '*',
      '日本語',
      'x'.repeat(200),
    ]) {
      const response = await t.get(`/v1/knowledge/search?q=${encodeURIComponent(q)}`, as(a));
      expect([q, response.status]).toEqual([q, 200]);
    }
    expect((await t.get('/v1/knowledge/search?q=operators%20%26%20quotes', as(a))).body.items).toHaveLength(1);
    for (const q of ['a%00b', 'x'.repeat(201), '']) expect((await t.get(`/v1/knowledge/search?q=${q}`, as(a))).status).toBe(400);
    expect((await t.get('/v1/knowledge/search?q=x&limit=0', as(a))).status).toBe(400);
  });
});
