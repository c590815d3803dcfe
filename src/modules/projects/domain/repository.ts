/**
 * Source repositories, their branches and what analysis should look at. Pure rules.
 */
export const PROVIDERS = ['github', 'gitlab', 'bitbucket', 'local'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const VISIBILITIES = ['public', 'private', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const LANGUAGES = ['typescript', 'javascript', 'python', 'go', 'java'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface AnalysisConfig {
  /** Only these languages are analysed; all supported ones when absent. */
  languages?: Language[];
  /** Globs (relative to the repository root) a file must match to be analysed; everything when absent. */
  include?: string[];
  /** Globs excluded on top of the defaults (dependencies, build output, minified files). */
  exclude?: string[];
  /** Cron expression for scheduled analysis of the default branch; none when absent. */
  schedule?: string | null;
  /** Path of an lcov or Cobertura report inside the tree; found automatically when absent. */
  coverageReport?: string;
}

export interface Repository {
  id: string;
  organizationId: string;
  provider: Provider;
  owner: string;
  name: string;
  description: string;
  cloneUrl: string;
  defaultBranch: string;
  visibility: Visibility;
  externalId: string | null;
  analysisConfig: AnalysisConfig;
  projectIds: string[];
  lastAnalyzedAt: Date | null;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Branch {
  id: string;
  repositoryId: string;
  name: string;
  headSha: string | null;
  protected: boolean;
  lastPushAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CloneUrlVerdict = { ok: true; transport: 'https' | 'ssh' | 'file' } | { ok: false; reason: string };

const SCP_LIKE = /^[A-Za-z0-9._][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:(?!\/\/)[A-Za-z0-9._~/-]+$/;

/**
 * Which clone URLs the service will hand to git: `https://host/path` (no embedded credentials),
 * `ssh://[user@]host[:port]/path` or scp-like `git@host:owner/name.git`, and `file:///absolute/path`
 * only when the operator allows local repositories. Anything else (http, git://, ext::, fd::,
 * option-looking strings) is refused before git ever sees it.
 */
export function checkCloneUrl(url: string, allowLocal: boolean): CloneUrlVerdict {
  if (url.length === 0 || url.length > 2000) return { ok: false, reason: 'must be 1 to 2000 characters' };
  if (/\s/.test(url) || hasControlCharacters(url) || url.startsWith('-'))
    return { ok: false, reason: 'must not contain spaces or control characters, nor start with a dash' };
  if (SCP_LIKE.test(url) && !url.includes('::')) return { ok: true, transport: 'ssh' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not a URL (use https://, ssh://, git@host:owner/name.git or file://)' };
  }
  switch (parsed.protocol) {
    case 'https:':
      if (parsed.username || parsed.password) return { ok: false, reason: 'must not embed credentials; the integration supplies them' };
      if (!parsed.hostname || parsed.pathname.length <= 1) return { ok: false, reason: 'must name a host and a repository path' };
      return { ok: true, transport: 'https' };
    case 'ssh:':
      if (parsed.password) return { ok: false, reason: 'must not embed a password' };
      if (parsed.hostname.startsWith('-') || parsed.username.startsWith('-')) return { ok: false, reason: 'must not have a host or user starting with a dash' };
      if (!parsed.hostname || parsed.pathname.length <= 1) return { ok: false, reason: 'must name a host and a repository path' };
      return { ok: true, transport: 'ssh' };
    case 'file:':
      if (!allowLocal) return { ok: false, reason: 'file:// URLs are disabled on this server (the operator sets ALLOW_LOCAL_REPOSITORIES=true to allow them)' };
      if (parsed.hostname || !parsed.pathname.startsWith('/') || parsed.pathname.length <= 1) return { ok: false, reason: 'must be file:///absolute/path' };
      return { ok: true, transport: 'file' };
    default:
      return { ok: false, reason: `the ${parsed.protocol}// scheme is not supported (use https, ssh or, when allowed, file)` };
  }
}

/**
 * The host a https, ssh or scp-like clone URL names (as written: the outbound gate reads every
 * spelling), or undefined for file:// and unparseable URLs. Call after checkCloneUrl.
 */
export function cloneUrlHost(url: string): string | undefined {
  const scp = SCP_LIKE.exec(url);
  if (scp && !url.includes('::')) return url.slice(url.indexOf('@') + 1, url.indexOf(':', url.indexOf('@')));
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'ssh:' ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** A subset of git's ref-name rules (git check-ref-format) that keeps names safe to pass to git. */
export function isValidBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith('-') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.includes('@{') &&
    name !== '@' &&
    !/[\s~^:?*[\\]/.test(name) &&
    !hasControlCharacters(name) &&
    !name.split('/').some((part) => part.startsWith('.'))
  );
}

function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const BRANCH_NAME_RULE = 'must be a valid git branch name (no spaces, ~ ^ : ? * [ \\, "..", "@{", leading dash or dot, or trailing ".lock")';
export const COMMIT_SHA_PATTERN = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
