import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs src/main.ts in a child process with only `env` (and PATH) set. */
function boot(env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: 'memory://', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('boot with a bad configuration', () => {
  it('exits 78 listing every problem: platform, lib and module variables alike', () => {
    const result = boot({ PORT: 'eighty', IDEMPOTENCY_TTL_HOURS: '0', ANALYSIS_CONCURRENCY: 'lots', ALLOW_LOCAL_REPOSITORIES: 'maybe' });
    expect(result.status).toBe(78);
    const message = result.stderr;
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/PORT must be a whole number from 0 to 65535 \(got "eighty"\)/);
    expect(message).toMatch(/IDEMPOTENCY_TTL_HOURS must be a whole number from 1 to 720 \(got "0"\)/);
    expect(message).toMatch(/ANALYSIS_CONCURRENCY must be a whole number from 1 to 64 \(got "lots"\)/);
    expect(message).toMatch(/ALLOW_LOCAL_REPOSITORIES must be true or false \(got "maybe"\)/);
    expect(message).toMatch(/See README.md, "Configuration"/);
  });

  it('keeps the production checks', () => {
    const result = boot({ NODE_ENV: 'production' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/DATABASE_URL is required/);
    expect(result.stderr).toMatch(/JWT_SECRET is required/);
    expect(result.stderr).toMatch(/ENCRYPTION_KEY is required/);
  });
});
