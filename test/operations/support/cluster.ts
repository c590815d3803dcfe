import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './service';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl on a temporary folder and a free port),
 * for faults the shared server must never see: stopped, crashed, restarted. The binaries come
 * from the newest /usr/lib/postgresql/<version>/bin (PG_BIN overrides). PostgreSQL refuses to
 * run as root: as root, the cluster belongs to the postgres user (runuser).
 */
export class PostgresCluster {
  private constructor(
    readonly directory: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: string[],
  ) {}

  static async create(): Promise<PostgresCluster> {
    const bin = process.env.PG_BIN ?? newestPostgresBin();
    const root = userInfo().uid === 0;
    const base = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
    const directory = join(base, 'data');
    const asUser = root ? ['runuser', '-u', 'postgres', '--'] : [];
    if (root) {
      const [uid, gid] = postgresIds();
      chownSync(base, uid, gid);
    }
    chmodSync(base, 0o755);
    const cluster = new PostgresCluster(directory, await freePort(), bin, asUser);
    cluster.exec('initdb', ['-D', directory, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    this.exec('pg_ctl', [
      '-D',
      this.directory,
      '-w',
      '-t',
      '60',
      '-l',
      join(this.directory, '..', 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${join(this.directory, '..')} -c fsync=on -c max_connections=100`,
      'start',
    ]);
  }

  /** `immediate` is a crash: no checkpoint, recovery from the WAL at the next start. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.exec('pg_ctl', ['-D', this.directory, '-w', '-t', '60', '-m', mode, 'stop']);
  }

  async sql<T = any>(database: string, query: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.urlFor(database) });
    await client.connect();
    try {
      return (await client.query(query, parameters)).rows;
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    try {
      this.exec('pg_ctl', ['-D', this.directory, '-w', '-t', '30', '-m', 'immediate', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(join(this.directory, '..'), { recursive: true, force: true });
  }

  private exec(tool: string, args: string[]): void {
    const command = [...this.asUser, join(this.bin, tool), ...args];
    execFileSync(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  }
}

function newestPostgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (set PG_BIN)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

function postgresIds(): [number, number] {
  return [Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim())];
}
