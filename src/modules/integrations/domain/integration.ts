import { Platform } from './signatures';

export const INTEGRATION_STATUSES = ['active', 'disabled', 'unhealthy'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** An organization's connection to a platform. Secrets stay sealed in storage and are never part of this view. */
export interface Integration {
  id: string;
  organizationId: string;
  platform: Platform;
  name: string;
  configuration: IntegrationConfiguration;
  hasCredentials: boolean;
  /** Until when the previous webhook secret is still accepted after a rotation. */
  previousSecretValidUntil: Date | null;
  status: IntegrationStatus;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  circuitOpenUntil: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What an integration is told to do (all optional; refused at the edge when unknown):
 * - `taskKeyPrefixes`: task key prefix → project id (`{"PAY": "<project id>"}`): which project a
 *   key like PAY-42 in a pull request, a Slack command or a Linear team names;
 * - `pullRequests`: statuses a linked task moves to when a pull request is opened / merged
 *   (default `in_review` / `done`; `null` turns the move off);
 * - `repositoryProjectIds`: projects a repository registered by an installation event is linked to;
 * - `linear`: `{ teamId, projectId }`: the team new issues go to and the project new tasks go to;
 * - `slack`: `{ channel, projectId, notify: ['pipeline.failed', 'agent_run.finished', 'anomaly.raised'] }`;
 * - `reconcile`: `{ owner, repo, hookId }` (a repository webhook) or `{ app: true }` (the GitHub App's):
 *   where the reconciliation job lists deliveries.
 */
export interface IntegrationConfiguration {
  taskKeyPrefixes?: Record<string, string>;
  pullRequests?: { openedStatus?: string | null; mergedStatus?: string | null };
  repositoryProjectIds?: string[];
  linear?: { teamId?: string; projectId?: string };
  slack?: { channel?: string; projectId?: string; notify?: string[] };
  reconcile?: { owner?: string; repo?: string; hookId?: number; app?: boolean };
}

/** Credentials per platform, sealed at rest: a token (GitHub, Linear API key, Slack bot token) or a GitHub App. */
export interface IntegrationCredentials {
  token?: string;
  appId?: string;
  privateKey?: string;
  installationId?: string;
}

/** Consecutive failed calls after which the circuit opens and the integration is marked unhealthy. */
export const CIRCUIT_THRESHOLD = 5;

/** What a failed outbound call does to the integration's circuit. */
export function afterFailure(
  consecutiveFailures: number,
  now: Date,
  cooldownMs: number,
): { consecutiveFailures: number; openUntil: Date | null; status?: IntegrationStatus } {
  const failures = consecutiveFailures + 1;
  if (failures < CIRCUIT_THRESHOLD) return { consecutiveFailures: failures, openUntil: null };
  return { consecutiveFailures: failures, openUntil: new Date(now.getTime() + cooldownMs), status: 'unhealthy' };
}

export function circuitOpen(integration: Pick<Integration, 'circuitOpenUntil'>, now: Date): boolean {
  return integration.circuitOpenUntil !== null && integration.circuitOpenUntil.getTime() > now.getTime();
}
