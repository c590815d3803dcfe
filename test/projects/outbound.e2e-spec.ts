import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, TestApp } from '../support/test-app';

interface Listener {
  server: Server;
  port: number;
  connections: number;
}

/** A TCP listener that counts connections and hangs up on each at once. */
async function listen(host: string, port = 0): Promise<Listener> {
  const state: Listener = {
    server: createServer((socket: Socket) => {
      state.connections += 1;
      socket.destroy();
    }),
    port: 0,
    connections: 0,
  };
  await new Promise<void>((resolve, reject) => state.server.once('error', reject).listen(port, host, resolve));
  state.port = (state.server.address() as AddressInfo).port;
  return state;
}

const LOW_LEVEL = /Failed to connect|Connection refused|port \d+|errno|ECONN|Could not resolve|getaddrinfo|127\.0\.0\.3|unable to access|ssh:/i;

/**
 * The outbound gate seen from the API (SPEC.md §1 "Abuse"): clone URLs on the operator's network
 * are refused when registered, refused again by the worker when a stored one is fetched, and the
 * tenant never reads git's low-level text. Local only: listeners on loopback addresses count the
 * connections that reach them; the only host contacted is the allow-listed 127.0.0.3.
 */
describe('Outbound gate for repository clone URLs', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'switchyard-outbound-'));
  let t: TestApp;
  let owner: Session;
  let local: Listener;
  let local6: Listener | undefined;
  let allowed: Listener;

  beforeAll(async () => {
    local = await listen('127.0.0.1');
    local6 = await listen('::1', local.port).catch(() => undefined);
    allowed = await listen('127.0.0.3');
    t = await TestApp.start({
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.3, git.corp.internal, 10.0.0.0/8',
      JOB_POLL_INTERVAL_MS: '100',
      ANALYSIS_MAX_ATTEMPTS: '1',
      ANALYSIS_WORK_DIR: workDir,
    });
    owner = await t.signup();
  }, 180_000);
  afterAll(async () => {
    await t.close();
    for (const l of [local, local6, allowed]) if (l) await new Promise((resolve) => l.server.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  const auth = () => ({ token: owner.accessToken });
  let counter = 0;
  const register = (cloneUrl: string) => t.post('/v1/repositories', { provider: 'github', owner: 'acme', name: `svc-${(counter += 1)}`, cloneUrl }, auth());

  const refused = () => [
    `https://127.0.0.1:${local.port}/acme/app.git`,
    `ssh://git@127.0.0.1:${local.port}/acme/app.git`,
    'git@127.0.0.1:acme/app.git',
    `https://[::1]:${local.port}/acme/app.git`,
    `https://[::ffff:7f00:1]:${local.port}/acme/app.git`,
    `https://[::ffff:127.0.0.1]:${local.port}/acme/app.git`,
    'https://169.254.169.254/latest/meta-data',
    `https://localhost:${local.port}/acme/app.git`,
    `https://0x7f000001:${local.port}/acme/app.git`,
    `https://2130706433:${local.port}/acme/app.git`,
    `https://0177.0.0.1:${local.port}/acme/app.git`,
    `ssh://git@0x7f000001:${local.port}/acme/app.git`,
    'https://0.0.0.0/acme/app.git',
    'https://[::]/acme/app.git',
    'https://[fd00::1]/acme/app.git',
    'https://192.168.1.10/acme/app.git',
  ];

  /** Polls the run until it is finished, at most ~30 s: no fixed sleeps. */
  async function finished(repositoryId: string, runId: string) {
    for (let i = 0; i < 300; i += 1) {
      const run = await t.get(`/v1/repositories/${repositoryId}/analyses/${runId}`, auth());
      if (run.body.status === 'completed' || run.body.status === 'failed') return run.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${runId} did not finish`);
  }

  it('refuses clone URLs on the operator network when a repository is registered or changed, naming the field', async () => {
    for (const cloneUrl of refused()) {
      const response = await register(cloneUrl);
      expect([cloneUrl, response.status, response.body.code]).toEqual([cloneUrl, 422, 'COMMON.OUTBOUND_REFUSED']);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['cloneUrl']);
    }
    const { body: repository } = await register('https://github.com/acme/app.git');
    const patched = await t.patch(
      `/v1/repositories/${repository.id}`,
      { version: repository.version, cloneUrl: `https://2130706433:${local.port}/x.git` },
      auth(),
    );
    expect([patched.status, patched.body.code]).toEqual([422, 'COMMON.OUTBOUND_REFUSED']);
    expect(local.connections + (local6?.connections ?? 0)).toBe(0);
  });

  it("accepts the operator's allow-listed hosts (by name and by CIDR)", async () => {
    for (const cloneUrl of [
      'https://git.corp.internal/acme/app.git',
      'https://10.1.2.3/acme/app.git',
      'git@10.1.2.3:acme/app.git',
      `https://127.0.0.3:${allowed.port}/acme/app.git`,
    ]) {
      expect([cloneUrl, (await register(cloneUrl)).status]).toEqual([cloneUrl, 201]);
    }
  });

  it('refuses a stored URL again when the worker fetches it, without connecting and without low-level text', async () => {
    const { body: repository } = await register('https://github.com/acme/stored.git');
    for (const cloneUrl of refused()) {
      await t.sql('update repositories set clone_url = $1 where id = $2', [cloneUrl, repository.id]);
      const queued = await t.post(`/v1/repositories/${repository.id}/analyses`, {}, auth());
      expect(queued.status).toBe(202);
      const run = await finished(repository.id, queued.body.id);
      expect([cloneUrl, run.status]).toEqual([cloneUrl, 'failed']);
      expect(run.error).toMatch(/^The host \S+ is refused by the outbound policy \(COMMON\.OUTBOUND_REFUSED\)$/);
    }
    expect(local.connections + (local6?.connections ?? 0)).toBe(0);
  });

  it('says only "could not reach the host" when an allowed host fails at the network level', async () => {
    const { body: repository } = await register(`https://127.0.0.3:${allowed.port}/acme/app.git`);
    const queued = await t.post(`/v1/repositories/${repository.id}/analyses`, {}, auth());
    const run = await finished(repository.id, queued.body.id);
    expect(allowed.connections).toBeGreaterThan(0); // git did reach it, and failed there
    expect(run.status).toBe('failed');
    expect(run.error).toBe('Could not reach the host 127.0.0.3 (COMMON.OUTBOUND_UNREACHABLE)');
    expect(run.error.replace('127.0.0.3 (', '(')).not.toMatch(LOW_LEVEL);
  });
});
