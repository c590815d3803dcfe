import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';

let ticksPerSecond: number | undefined;

/** User + system CPU a process has used so far, in ms; undefined where /proc cannot tell (not Linux, other user). */
export function processCpuMs(pid: number): number | undefined {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * CPU used by one target during a run: its Node process and its database backends (found by
 * application_name in pg_stat_activity; readable when PostgreSQL runs on this machine). A
 * robust figure on a shared machine, where requests/s also depends on what else is running.
 */
export class CpuMeter {
  private constructor(
    private readonly pid: number,
    private readonly backends: Map<number, number>,
    private readonly start: number,
    private readonly db: Pool,
    private readonly applicationName: string,
  ) {}

  static async start(pid: number, db: Pool, applicationName: string): Promise<CpuMeter | undefined> {
    const start = processCpuMs(pid);
    if (start === undefined) return undefined;
    return new CpuMeter(pid, await backendCpu(db, applicationName), start, db, applicationName);
  }

  /** ms of CPU since start, of the Node process and of its database backends (undefined if unreadable). */
  async stop(): Promise<{ nodeMs: number; databaseMs?: number }> {
    const node = (processCpuMs(this.pid) ?? NaN) - this.start;
    const after = await backendCpu(this.db, this.applicationName);
    let database = 0;
    for (const [pid, ms] of after) database += ms - (this.backends.get(pid) ?? 0);
    return { nodeMs: node, ...(after.size > 0 ? { databaseMs: database } : {}) };
  }
}

async function backendCpu(db: Pool, applicationName: string): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name = $1', [
    applicationName,
  ]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    // A remote server's backend pids mean nothing here: count only local postgres processes.
    if (!isLocalPostgres(pid)) continue;
    const ms = processCpuMs(pid);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

function isLocalPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return false;
  }
}
