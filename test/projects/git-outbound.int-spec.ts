import { Logger } from '@nestjs/common';
import { Lookup, OutboundGate } from '@switchyard/outbound';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisFailure } from '../../src/modules/projects/application/code-analyzer';
import { GitSourceTree } from '../../src/modules/projects/infrastructure/analysis/git-source-tree';

/** A TCP listener that counts connections and hangs up on each at once. */
async function listener(host: string, port = 0): Promise<{ server: Server; port: number; connections: number }> {
  const state = {
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

/**
 * The analysis worker's fetch goes through the outbound gate: refused hosts are never contacted,
 * allowed ones are contacted at the checked address only (git is pinned, it does not resolve the
 * name again), and git's low-level text never reaches the run. Local only: the gate's lookup is
 * injected (no DNS server is asked) and every listener is on a loopback address.
 */
describe('GitSourceTree through the outbound gate', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'switchyard-git-outbound-'));
  const config = {
    concurrency: 1,
    workDir,
    allowLocalRepositories: false,
    gitTimeoutMs: 20_000,
    maxAttempts: 1,
    maxFileBytes: 1_048_576,
    maxFiles: 1000,
    reaperCron: '',
    schedulerCron: '',
  };
  let v4: Awaited<ReturnType<typeof listener>>;
  let v6: Awaited<ReturnType<typeof listener>> | undefined;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    v4 = await listener('127.0.0.1');
    v6 = await listener('::1', v4.port).catch(() => undefined);
  });
  afterAll(async () => {
    for (const l of [v4, v6]) if (l) await new Promise((resolve) => l.server.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  const failureOf = (tree: GitSourceTree, cloneUrl: string) =>
    tree.checkout({ cloneUrl, branch: 'main', commitSha: null }).then(
      () => {
        throw new Error(`${cloneUrl} was fetched`);
      },
      (error: unknown) => error as AnalysisFailure,
    );

  it('refuses every spelling of the operator network, and a name resolving into it, without connecting', async () => {
    const lookup: Lookup = async (host) => {
      if (host === 'internal.example') return [{ address: '127.0.0.1', family: 4 }];
      throw new Error(`unexpected lookup of ${host}`);
    };
    const tree = new GitSourceTree(config, new OutboundGate({ lookup }));
    const p = v4.port;
    const urls = [
      `https://127.0.0.1:${p}/acme/app.git`,
      `ssh://git@127.0.0.1:${p}/acme/app.git`,
      'git@127.0.0.1:acme/app.git',
      `https://[::1]:${p}/acme/app.git`,
      `https://[::ffff:7f00:1]:${p}/acme/app.git`,
      `ssh://git@[::1]:${p}/acme/app.git`,
      'https://169.254.169.254/latest/meta-data',
      `https://localhost:${p}/acme/app.git`,
      `https://0x7f000001:${p}/acme/app.git`,
      `https://2130706433:${p}/acme/app.git`,
      `ssh://git@0x7f000001:${p}/acme/app.git`,
      `https://0177.0.0.1:${p}/acme/app.git`,
      `https://127.1:${p}/acme/app.git`,
      `https://internal.example:${p}/acme/app.git`,
    ];
    for (const url of urls) {
      const failure = await failureOf(tree, url);
      expect({ url, failure: failure instanceof AnalysisFailure, retryable: failure.retryable }).toEqual({ url, failure: true, retryable: false });
      expect(failure.message).toMatch(/^The host \S+ is refused by the outbound policy \(COMMON\.OUTBOUND_REFUSED\)$/);
    }
    expect(v4.connections).toBe(0);
    expect(v6?.connections ?? 0).toBe(0);
  });

  describe('an allowed host', () => {
    // `localhost` is allowed by name and "resolves" (injected) to 127.0.0.2: a connection seen
    // there proves git used the pinned address; 127.0.0.1 (what the system would answer) sees none.
    let pinned: Awaited<ReturnType<typeof listener>>;
    let unpinned: Awaited<ReturnType<typeof listener>>;
    let tree: GitSourceTree;
    beforeAll(async () => {
      pinned = await listener('127.0.0.2');
      unpinned = await listener('127.0.0.1', pinned.port);
      tree = new GitSourceTree(config, new OutboundGate({ allowedHosts: ['localhost'], lookup: async () => [{ address: '127.0.0.2', family: 4 }] }));
    });
    afterAll(async () => {
      for (const l of [pinned, unpinned]) await new Promise((resolve) => l.server.close(resolve));
    });
    beforeEach(() => {
      pinned.connections = 0;
      unpinned.connections = 0;
    });

    it.each([
      ['https', (port: number) => `https://localhost:${port}/acme/app.git`],
      ['ssh', (port: number) => `ssh://git@localhost:${port}/acme/app.git`],
    ])('is reached over %s at the checked address only, and its failure says nothing low-level', async (_, url) => {
      const failure = await failureOf(tree, url(pinned.port));
      expect(pinned.connections).toBeGreaterThan(0);
      expect(unpinned.connections).toBe(0);
      expect(failure).toBeInstanceOf(AnalysisFailure);
      expect(failure.message).toBe('Could not reach the host localhost (COMMON.OUTBOUND_UNREACHABLE)');
      expect(failure.retryable).toBe(true);
    });
  });
});
