import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';

export const steps = (...keys: Array<string | [string, string[]]>) =>
  keys.map((k) => (typeof k === 'string' ? { key: k, command: `run ${k}` } : { key: k[0], command: `run ${k[0]}`, needs: k[1] }));

/** A project, a pipeline in it, a runner: the usual arrangement of a test. */
export async function arrange(t: TestApp, owner: Session, spec: Record<string, unknown> = { steps: steps('build') }, labels: string[] = []) {
  const f = fixtures(t);
  const project = await f.project(owner);
  const pipeline = await createPipeline(t, owner, project.id, spec);
  const runner = await registerRunner(t, owner, labels);
  return { project, pipeline, runner };
}

export async function createPipeline(t: TestApp, owner: Session, projectId: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const response = await t.post(
    '/v1/pipelines',
    { projectId, name: `CI ${Math.random().toString(36).slice(2, 8)}`, spec, ...extra },
    { token: owner.accessToken },
  );
  if (response.status !== 201) throw new Error(`create pipeline: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; version: number; currentVersion: number; spec: any };
}

export async function registerRunner(t: TestApp, owner: Session, labels: string[] = []) {
  const response = await t.post('/v1/pipeline-runners', { name: `runner-${Math.random().toString(36).slice(2, 8)}`, labels }, { token: owner.accessToken });
  if (response.status !== 201) throw new Error(`register runner: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; token: string; version: number };
}

export async function trigger(t: TestApp, session: Session, pipelineId: string, body: Record<string, unknown> = {}) {
  const response = await t.post(`/v1/pipelines/${pipelineId}/executions`, body, { token: session.accessToken });
  if (response.status !== 201) throw new Error(`trigger: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; status: string; steps: Array<{ id: string; key: string; status: string }> };
}

export const runnerAs = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

export async function claim(t: TestApp, token: string, wait = 0) {
  return t.post(`/v1/runner/claim?wait=${wait}`, undefined, runnerAs(token));
}

export async function finish(t: TestApp, token: string, stepId: string, exitCode = 0, artifacts?: unknown[]) {
  return t.post(`/v1/runner/steps/${stepId}/finish`, { exitCode, ...(artifacts ? { artifacts } : {}) }, runnerAs(token));
}

/** Claims and finishes steps until nothing is left to claim (each with the exit code `codeOf` gives). */
export async function drain(t: TestApp, token: string, codeOf: (key: string) => number = () => 0) {
  const done: string[] = [];
  for (;;) {
    const claimed = await claim(t, token);
    if (claimed.status === 204) return done;
    if (claimed.status !== 200) throw new Error(`claim: ${claimed.status} ${JSON.stringify(claimed.body)}`);
    const answer = await finish(t, token, claimed.body.stepId, codeOf(claimed.body.key));
    if (answer.status !== 200) throw new Error(`finish: ${answer.status} ${JSON.stringify(answer.body)}`);
    done.push(claimed.body.key);
  }
}
