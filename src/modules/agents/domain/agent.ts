/** An AI agent registered by an organization (SPEC §2.5). */
export const PROVIDERS = ['codegen'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What an agent can take on. Empty lists mean "any". */
export interface Capabilities {
  /** Programming languages the agent works in (matched against task labels `lang:<x>` or plain labels). */
  languages: string[];
  /** Task types it takes (`task`, `bug`, ...). */
  taskTypes: string[];
  /** Labels a task must all carry for this agent to pull it from the ready queue. */
  labels: string[];
}

export interface UsageStats {
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  estimatedCostUsd: number;
  lastRunAt: string | null;
}

export interface Agent {
  id: string;
  organizationId: string;
  name: string;
  type: string;
  provider: Provider;
  configuration: Record<string, unknown>;
  capabilities: Capabilities;
  active: boolean;
  maxConcurrentRuns: number;
  /** Optional budget of this agent alone, on top of the organization's. */
  monthlyBudgetUsd: number | null;
  usageStats: UsageStats;
  /** Whether provider credentials are set; the credentials themselves are never part of an agent. */
  credentials: { externalOrganizationId: string; keyId: string; rotatedAt: Date } | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const EMPTY_USAGE: UsageStats = { runs: 0, completed: 0, failed: 0, cancelled: 0, estimatedCostUsd: 0, lastRunAt: null };

/** Lower-cased, trimmed, unique, in first-seen order. */
export function normalizeList(values: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  for (const raw of values ?? []) {
    const value = raw.trim().toLowerCase();
    if (value) seen.add(value);
  }
  return [...seen];
}

export function normalizeCapabilities(input: Partial<Capabilities> | undefined): Capabilities {
  return { languages: normalizeList(input?.languages), taskTypes: normalizeList(input?.taskTypes), labels: normalizeList(input?.labels) };
}

/** The parts of a task capability matching looks at. */
export interface MatchableTask {
  id: string;
  type: string;
  labels: readonly string[];
}

/**
 * Why a task does not suit an agent (empty: it does). The type must be one the agent takes, the
 * task must carry every label the agent requires, and a task labelled with languages
 * (`lang:<x>`) needs the agent to speak one of them.
 */
export function mismatches(capabilities: Capabilities, task: MatchableTask): string[] {
  const reasons: string[] = [];
  const labels = new Set(task.labels.map((l) => l.toLowerCase()));
  if (capabilities.taskTypes.length > 0 && !capabilities.taskTypes.includes(task.type)) {
    reasons.push(`type ${task.type} is not one of ${capabilities.taskTypes.join(', ')}`);
  }
  const missing = capabilities.labels.filter((l) => !labels.has(l));
  if (missing.length > 0) reasons.push(`labels missing: ${missing.join(', ')}`);
  const languages = [...labels].filter((l) => l.startsWith('lang:')).map((l) => l.slice(5));
  if (languages.length > 0 && capabilities.languages.length > 0 && !languages.some((l) => capabilities.languages.includes(l))) {
    reasons.push(`languages ${languages.join(', ')} not spoken (speaks ${capabilities.languages.join(', ')})`);
  }
  return reasons;
}

/** The account a provider rate-limits: the provider and its organization id. */
export function accountKey(provider: Provider, externalOrganizationId: string): string {
  return `${provider}:${externalOrganizationId}`;
}
