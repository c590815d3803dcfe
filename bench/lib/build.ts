import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function nestBuild(directory: string, log: (line: string) => void): void {
  log(`building the service in ${directory} (nest build)…`);
  const result = spawnSync('npx', ['nest', 'build'], { cwd: directory, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`nest build failed in ${directory}: the service cannot be benchmarked`);
}

/**
 * Where the service to benchmark is built, and building it:
 * - the working tree (default): `nest build` into dist/, or dist/ as it is with --no-build;
 * - `--ref=<commit>`: that commit exported with `git archive` to a temporary folder (outside the
 *   repository, so neither tsc nor jest see it), sharing node_modules, built once and reused.
 *   Use it to compare commits, or to bench committed code while the tree is mid-edit.
 */
export function prepareServiceBuild(root: string, options: { ref?: string; build: boolean }, log: (line: string) => void): string {
  if (!options.ref) {
    if (options.build) nestBuild(root, log);
    if (!existsSync(join(root, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run without --no-build');
    return root;
  }
  const sha = execFileSync('git', ['rev-parse', '--verify', `${options.ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const directory = join(tmpdir(), 'switchyard-bench', sha.slice(0, 12));
  if (existsSync(join(directory, 'dist/src/main.js'))) {
    log(`using the build of ${options.ref} (${sha.slice(0, 12)}) in ${directory}`);
    return directory;
  }
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', sha], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', directory], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  try {
    nestBuild(directory, log);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return directory;
}
