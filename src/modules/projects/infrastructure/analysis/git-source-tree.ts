import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { isOutboundError, OutboundGate, OutboundRefusedError, pinGitRemote } from '@switchyard/outbound';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readableReason } from '../../domain/analysis';
import { checkCloneUrl, isValidBranchName } from '../../domain/repository';
import { AnalysisFailure } from '../../application/code-analyzer';
import { CheckedOutTree, CheckoutRequest, SourceTree } from '../../application/source-tree';
import { analysisConfig } from '../../projects.config';
import { remoteFailure } from './git-failures';

/** git's own messages for failures that another attempt will not fix (local repositories). */
const PERMANENT = [
  /does not appear to be a git repository/i,
  /repository .* not found/i,
  /not found/i,
  /couldn't find remote ref/i,
  /authentication failed/i,
  /permission denied/i,
  /invalid username or password/i,
  /not our ref/i,
  /unable to read tree/i,
  /did not match any/i,
  /transport '.*' not allowed/i,
];

const SSH = 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=15';

/** Where git fetches from, and how: a remote pinned by the outbound gate, or a local path. */
interface Remote {
  url: string;
  /** The tenant's host, for messages; undefined for file:// (the operator's own disk). */
  host?: string;
  configArgs: string[];
  env: Record<string, string>;
}

/**
 * Obtains a tree with the git CLI, run through execFile (never a shell) with a fixed argument
 * list, `--` before user-supplied values, no terminal prompts, only the allowed transports, and
 * a timeout. Each checkout gets a fresh folder under ANALYSIS_WORK_DIR: `git init`, a shallow
 * `git fetch` of the commit (or branch head), `git checkout --detach`. The folder is removed
 * afterwards. Network remotes go through the outbound gate at fetch time (DNS may have changed
 * since the URL was stored) and git is pinned to the checked address; what went wrong on the
 * wire is logged, and the run only says "refused" or "could not reach the host".
 */
@Injectable()
export class GitSourceTree extends SourceTree {
  private readonly logger = new Logger('GitSourceTree');

  constructor(
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
    private readonly outbound: OutboundGate,
  ) {
    super();
  }

  async checkout(request: CheckoutRequest): Promise<CheckedOutTree> {
    // Checked again here: the URL may have been stored before the operator changed the policy.
    const verdict = checkCloneUrl(request.cloneUrl, this.config.allowLocalRepositories);
    if (!verdict.ok) throw new AnalysisFailure(`The clone URL ${verdict.reason}`, false);
    if (!isValidBranchName(request.branch)) throw new AnalysisFailure(`"${request.branch}" is not a valid branch name`, false);
    const remote = verdict.transport === 'file' ? { url: request.cloneUrl, configArgs: [], env: {} } : await this.pin(request.cloneUrl);

    const root = join(this.config.workDir, randomUUID());
    await mkdir(root, { recursive: true });
    try {
      await this.git(root, ['init', '--quiet']);
      await this.git(root, ['remote', 'add', 'origin', '--', remote.url]);
      const fullSha = request.commitSha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(request.commitSha);
      if (fullSha) {
        // Servers that refuse a fetch by SHA get the branch instead, then the commit is looked up in it.
        const fetched = await this.git(root, ['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', '--', request.commitSha!], remote).then(
          () => true,
          () => false,
        );
        if (!fetched) await this.fetchBranch(root, request.branch, false, remote);
      } else {
        await this.fetchBranch(root, request.branch, request.commitSha !== null, remote);
      }
      const target = request.commitSha ?? 'FETCH_HEAD';
      const commitSha = (await this.git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${target}^{commit}`]).catch(() => '')).trim();
      if (!commitSha) throw new AnalysisFailure(`Commit ${request.commitSha} was not found on branch ${request.branch}`, false);
      await this.git(root, ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commitSha]);
      return { root, commitSha, dispose: () => rm(root, { recursive: true, force: true }) };
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** The gate's verdict on the remote's host, now; its refusals become the run's reason. */
  private async pin(cloneUrl: string): Promise<Remote> {
    try {
      return await pinGitRemote(this.outbound, cloneUrl, SSH);
    } catch (error) {
      if (!isOutboundError(error)) throw error;
      const refused = error instanceof OutboundRefusedError;
      throw new AnalysisFailure(`${error.message} (${error.code})`, !refused);
    }
  }

  private async fetchBranch(root: string, branch: string, fullHistory: boolean, remote: Remote): Promise<void> {
    const depth = fullHistory ? [] : ['--depth', '1'];
    await this.git(root, ['fetch', '--quiet', ...depth, '--no-tags', 'origin', '--', `refs/heads/${branch}`], remote, branch);
  }

  /** Runs git; `remote` is given for the commands that talk to it (the pin and the error mapping). */
  private git(cwd: string, args: string[], remote?: Remote, branch?: string): Promise<string> {
    const protocols = this.config.allowLocalRepositories ? 'https:ssh:file' : 'https:ssh';
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        [
          '-c',
          'core.hooksPath=/dev/null',
          '-c',
          'core.symlinks=false',
          '-c',
          'protocol.allow=never',
          ...protocols.split(':').flatMap((p) => ['-c', `protocol.${p}.allow=always`]),
          ...(remote?.configArgs ?? []),
          ...args,
        ],
        {
          cwd,
          timeout: this.config.gitTimeoutMs,
          maxBuffer: 10 * 1024 * 1024,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            GIT_TERMINAL_PROMPT: '0',
            GIT_ASKPASS: 'echo',
            GIT_ALLOW_PROTOCOL: protocols,
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_SSH_COMMAND: SSH,
            LC_ALL: 'C',
            ...(remote?.env ?? {}),
          },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const killed = (error as { killed?: boolean }).killed;
          const detail = readableReason(String(stderr || error.message).replace(/^fatal: /gm, ''));
          if (remote?.host) {
            this.logger.warn({ host: remote.host, command: `git ${args[0]}`, detail }, 'git failed against a remote');
            return reject(remoteFailure(remote.host, detail, killed ? this.config.gitTimeoutMs : undefined, branch));
          }
          if (killed) return reject(new AnalysisFailure(`git ${args[0]} timed out after ${this.config.gitTimeoutMs} ms`, true));
          const permanent = PERMANENT.some((pattern) => pattern.test(detail));
          reject(new AnalysisFailure(`git ${args[0]} failed: ${detail}`, !permanent));
        },
      );
    });
  }
}
