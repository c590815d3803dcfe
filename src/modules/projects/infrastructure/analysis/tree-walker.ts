import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSelector, Grammar } from './file-selection';

export interface SelectedFile {
  /** Relative to the root, `/`-separated. */
  path: string;
  absolutePath: string;
  grammar: Grammar;
}

export interface WalkResult {
  files: SelectedFile[];
  skipped: Record<string, number>;
}

/**
 * Lists the files to analyse under `root`, in a stable order. Symbolic links are never followed
 * (a repository could point one at the server's own files); pruned directories are not entered.
 */
export async function walkTree(root: string, selector: FileSelector, maxFiles: number): Promise<WalkResult> {
  const files: SelectedFile[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const directory = await opendir(join(root, relative));
    const entries: Array<{ name: string; kind: 'dir' | 'file' | 'link' | 'other' }> = [];
    for await (const entry of directory) {
      entries.push({ name: entry.name, kind: entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other' });
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.kind === 'link') skip('symlink');
      else if (entry.kind === 'dir') {
        if (entry.name === '.git' || selector.prunes(path)) skip('excluded_directory');
        else pending.push(path);
      } else if (entry.kind === 'file') {
        const selection = selector.select(path);
        if (!selection.analyse) skip(selection.reason);
        else if (files.length >= maxFiles) skip('over_file_limit');
        else files.push({ path, absolutePath: join(root, path), grammar: selection.grammar });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
