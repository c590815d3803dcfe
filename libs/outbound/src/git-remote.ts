import { CheckedTarget, OutboundGate } from './outbound-gate';
import { OutboundRefusedError } from './outbound-error';

/** How to run git against a remote so that it connects to the checked address and nowhere else. */
export interface PinnedGitRemote {
  /** The URL to hand git (https: host normalised so that the pin below matches it). */
  url: string;
  /** The host as the tenant wrote it, for messages. */
  host: string;
  target: CheckedTarget;
  /** `-c name=value` arguments to put before the git subcommand. */
  configArgs: string[];
  /** Extra environment for git (GIT_SSH_COMMAND for ssh remotes). */
  env: Record<string, string>;
}

const SCP_LIKE = /^([A-Za-z0-9._][A-Za-z0-9._-]*)@([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;
/** What may appear in GIT_SSH_COMMAND, which git runs through a shell. */
const SHELL_SAFE_HOST = /^[A-Za-z0-9.-]+$|^[0-9A-Fa-f:.]+$/;

/**
 * Checks a https://, ssh:// or scp-like (`git@host:owner/name.git`) remote through the gate and
 * pins the address for git: for https `http.curloptResolve=<host>:<port>:<address>` (git ≥ 2.37)
 * with redirects off, for ssh `-o HostName=<address>` with proxies off, so neither curl nor ssh
 * ever resolves the name itself. Throws OutboundRefusedError / OutboundUnreachableError.
 */
export async function pinGitRemote(gate: OutboundGate, remote: string, sshBase: string): Promise<PinnedGitRemote> {
  const scp = SCP_LIKE.exec(remote);
  if (scp) return pinSsh(gate, remote, scp[2], sshBase);
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    throw new OutboundRefusedError(remote.slice(0, 200), 'invalid_url');
  }
  if (url.protocol === 'ssh:') return pinSsh(gate, remote, url.hostname, sshBase);
  if (url.protocol !== 'https:') throw new OutboundRefusedError(url.hostname || url.protocol, `scheme ${url.protocol}`);

  // Curl must see exactly the name the pin is for: the WHATWG form (lower case, punycode), no trailing dot.
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  const target = await gate.resolve(url.hostname);
  const port = url.port || '443';
  const literal = url.hostname.startsWith('[') || /^[0-9.]+$/.test(url.hostname);
  const address = target.family === 6 ? `[${target.address}]` : target.address;
  const configArgs = ['-c', 'http.followRedirects=false', '-c', 'http.proxy='];
  // An address literal is connected to as written (curl does no lookup for it): it is what was checked.
  if (!literal) configArgs.push('-c', `http.curloptResolve=${url.hostname}:${port}:${address}`);
  return { url: url.toString(), host: url.hostname, target, configArgs, env: {} };
}

async function pinSsh(gate: OutboundGate, remote: string, rawHost: string, sshBase: string): Promise<PinnedGitRemote> {
  const host = rawHost.replace(/^\[(.*)\]$/, '$1');
  if (!SHELL_SAFE_HOST.test(host)) throw new OutboundRefusedError(rawHost, 'unsafe_host');
  const target = await gate.resolve(host);
  const sshCommand = [
    sshBase,
    `-o HostName=${target.address}`,
    `-o HostKeyAlias=${host}`,
    '-o ProxyCommand=none',
    '-o ProxyJump=none',
    '-o ControlPath=none',
    '-o CanonicalizeHostname=no',
    '-o PermitLocalCommand=no',
  ].join(' ');
  return { url: remote, host, target, configArgs: [], env: { GIT_SSH_COMMAND: sshCommand } };
}
