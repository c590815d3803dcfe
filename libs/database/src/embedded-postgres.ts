import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as lockfile from 'proper-lockfile';

// Extensions the migrations create, bundled with PGlite (loaded at start; a server has them as contrib).
// The package exports them under contrib/*, which TypeScript's node resolution does not read: typed from dist.
const { btree_gin } = require('@electric-sql/pglite/contrib/btree_gin') as typeof import('@electric-sql/pglite/dist/contrib/btree_gin');
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as typeof import('@electric-sql/pglite/dist/contrib/pg_trgm');

/**
 * PostgreSQL compiled to WASM (PGlite), served in-process over the ordinary wire protocol so the
 * same `pg` driver, migrations and SQL run against it as against a real server.
 *
 * PGlite is a single backend: the socket server multiplexes connections but session state is
 * shared and messages of two clients may interleave outside a transaction, so the service uses a
 * pool of ONE connection against it. Two processes opening one data folder silently lose data,
 * hence the lock file.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly releaseLock?: () => Promise<void>,
  ) {}

  /** `dataDir` undefined keeps everything in memory (tests). */
  static async start(dataDir?: string): Promise<EmbeddedPostgres> {
    let releaseLock: (() => Promise<void>) | undefined;
    let pgdata: string | undefined;
    if (dataDir) {
      pgdata = join(dataDir, 'pgdata');
      mkdirSync(pgdata, { recursive: true });
      releaseLock = await lockfile
        .lock(pgdata, { lockfilePath: join(dataDir, 'pgdata.lock'), stale: 15_000, update: 5_000 })
        .catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ELOCKED') {
            throw new Error(`The data folder ${dataDir} is in use by another Switchyard process; stop it or set DATA_DIR to another folder`);
          }
          throw error;
        });
    }
    try {
      const db = await PGlite.create({ ...(pgdata ? { dataDir: pgdata } : {}), extensions: { btree_gin, pg_trgm } });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
      await server.start();
      return new EmbeddedPostgres(`postgresql://postgres@${server.getServerConn()}/postgres`, db, server, releaseLock);
    } catch (error) {
      await releaseLock?.();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    await this.releaseLock?.();
  }
}
