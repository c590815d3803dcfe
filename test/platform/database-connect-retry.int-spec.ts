import { EmbeddedPostgres, waitForDatabase } from '@switchyard/database';
import { connect, createServer, Server } from 'node:net';
import { workerDatabaseUrl } from '../support/test-database';

/** A port nobody listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts forwarding `port` to the database, as a database server coming up late would. */
async function forward(port: number, target: URL): Promise<Server> {
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  return proxy;
}

describe('the first database connection at boot', () => {
  let embedded: EmbeddedPostgres | undefined;
  let target: URL;
  beforeAll(async () => {
    const url = workerDatabaseUrl() ?? (embedded = await EmbeddedPostgres.start()).url;
    target = new URL(url);
  });
  afterAll(() => embedded?.stop());

  it('is refused, backs off, and connects once the server listens', async () => {
    const port = await closedPort();
    const url = new URL(target);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const log: string[] = [];
    let proxy: Server | undefined;
    try {
      await waitForDatabase(url.toString(), {
        attempts: 5,
        maxDelayMs: 1_000,
        log: (message) => log.push(message),
        // The server "comes up" while the service waits after its first refusal.
        sleep: async () => {
          proxy ??= await forward(port, target);
        },
      });
    } finally {
      proxy?.close();
    }
    expect(log).toEqual(['Database not reachable (ECONNREFUSED); attempt 1 of 5, retrying in 200 ms', 'Database reachable after 2 attempts']);
  });

  it('gives up after its attempts when nothing ever listens', async () => {
    const port = await closedPort();
    const waiting = waitForDatabase(`postgresql://postgres@127.0.0.1:${port}/postgres`, {
      attempts: 3,
      maxDelayMs: 1_000,
      log: () => undefined,
      sleep: () => Promise.resolve(),
    });
    await expect(waiting).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
