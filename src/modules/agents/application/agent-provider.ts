import { Provider } from '../domain/agent';
import { PullRequestLink } from '../domain/agent-run';

export interface ProviderCredentials {
  externalOrganizationId: string;
  token: string;
}

export type ProviderRunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface ProviderRun {
  externalRunId: string;
  status: ProviderRunStatus;
  webUrl: string | null;
  result: string | null;
  summary: string | null;
  pullRequests: PullRequestLink[];
  /** Real figures, for providers that report them (Codegen does not). */
  reportedTokens: number | null;
  reportedCostUsd: number | null;
}

/**
 * What a provider call ended with. Only `ok` and `rejected` say something about the run; the
 * others are about the provider: `rate_limited` (429, with its Retry-After) and `unavailable`
 * (5xx, timeouts, unreachable) are retried later and count toward the circuit breaker.
 */
export type ProviderOutcome =
  | { kind: 'ok'; run: ProviderRun }
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'unavailable'; detail: string }
  | { kind: 'rejected'; status: number; detail: string };

/** An agent provider's API (a port: Codegen first, others can follow). */
export abstract class AgentProviderClient {
  abstract readonly provider: Provider;
  abstract createRun(credentials: ProviderCredentials, prompt: string): Promise<ProviderOutcome>;
  abstract getRun(credentials: ProviderCredentials, externalRunId: string): Promise<ProviderOutcome>;
}

/** Every provider client of the application, by provider. */
export abstract class AgentProviders {
  abstract get(provider: Provider): AgentProviderClient;
}
