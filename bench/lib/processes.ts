import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Preloaded into every child: it ends itself when the runner goes away, however that happens. */
const DIE_WITH_PARENT = join(__dirname, 'die-with-parent.js');

export interface Managed {
  name: string;
  child: ChildProcess;
  /** The last lines the child wrote (stdout and stderr), for the error report. */
  tail(): string;
  exited: Promise<number | null>;
}

/**
 * Starts the service and the baseline as child processes and guarantees they stop: on normal
 * completion, on an error, on Ctrl-C / SIGTERM, and (through an IPC channel the child watches)
 * even when the runner itself is killed.
 */
export class ChildProcesses {
  private readonly children = new Set<Managed>();

  constructor() {
    const onSignal = (signal: NodeJS.Signals) => {
      process.stderr.write(`\n${signal}: stopping the service and the baseline…\n`);
      void this.stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // Last resort, synchronous: whatever is still running goes down with the runner.
    process.once('exit', () => {
      for (const managed of this.children) if (managed.child.exitCode === null) managed.child.kill('SIGKILL');
    });
  }

  start(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Managed {
    const child = spawn(process.execPath, ['-r', DIE_WITH_PARENT, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const lines: string[] = [];
    const keep = (chunk: Buffer) => {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const managed: Managed = { name, child, exited, tail: () => lines.slice(-40).join('\n') };
    this.children.add(managed);
    void exited.then(() => this.children.delete(managed));
    return managed;
  }

  /** Polls `url` until it answers 200; fails fast if the child exits first. */
  async waitReady(managed: Managed, url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void managed.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${managed.name} exited with code ${exitCode} before it was ready:\n${managed.tail()}`);
      try {
        const response = await fetch(url);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${managed.name} was not ready at ${url} within ${timeoutMs} ms:\n${managed.tail()}`);
  }

  /** Asks a child started with bench/lib/cpu-profile.js to write its CPU profile; returns the file. */
  async writeProfile(managed: Managed, directory: string): Promise<string> {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${managed.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${managed.name} did not write its profile`)), 30_000);
      managed.child.on('message', (message: { type?: string; error?: string }) => {
        if (message?.type !== 'bench:profile-written') return;
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error));
        else resolve();
      });
      managed.child.send({ type: 'bench:write-profile', file });
    });
    return file;
  }

  async stop(managed: Managed, graceMs = 10_000): Promise<void> {
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    managed.child.kill('SIGTERM');
    const timer = setTimeout(() => managed.child.kill('SIGKILL'), graceMs);
    await managed.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((managed) => this.stop(managed)));
  }
}

/** A port nobody listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
