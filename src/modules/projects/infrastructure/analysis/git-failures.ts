import { AnalysisFailure } from '../../application/code-analyzer';

/**
 * What a tenant is told when git fails against a network remote. git's own text names the
 * address and port it tried ("Failed to connect to ::1 port 5432"), which would map the
 * operator's network, so it goes to the server log only; the run gets one of these sentences.
 */
const KNOWN: Array<{ pattern: RegExp; message: (host: string, branch?: string) => string; retryable: boolean }> = [
  {
    pattern: /couldn't find remote ref/i,
    message: (_, branch) => (branch ? `Branch ${branch} was not found in the repository` : 'The requested ref was not found in the repository'),
    retryable: false,
  },
  {
    pattern:
      /authentication failed|could not read username|invalid username or password|permission denied|terminal prompts disabled|host key verification failed|returned error: 40[13]/i,
    message: (host) => `The host ${host} refused access to the repository (check the URL and the credentials)`,
    retryable: false,
  },
  {
    pattern: /returned error: 30\d|redirect/i,
    message: (host) => `The host ${host} answered with a redirect, which is not followed: use the repository's final URL`,
    retryable: false,
  },
  {
    pattern: /repository .*not found|does not appear to be a git repository|returned error: 404/i,
    message: (host) => `The repository was not found on the host ${host}`,
    retryable: false,
  },
];

export function remoteFailure(host: string, gitError: string, timedOutAfterMs?: number, branch?: string): AnalysisFailure {
  if (timedOutAfterMs !== undefined)
    return new AnalysisFailure(`Could not reach the host ${host}: timed out after ${timedOutAfterMs} ms (COMMON.OUTBOUND_UNREACHABLE)`, true);
  const known = KNOWN.find((entry) => entry.pattern.test(gitError));
  if (known) return new AnalysisFailure(known.message(host, branch), known.retryable);
  return new AnalysisFailure(`Could not reach the host ${host} (COMMON.OUTBOUND_UNREACHABLE)`, true);
}
