import { Platform } from '../domain/signatures';
import { DeliveryRef } from './delivery.repository';

/** What a webhook's integration id resolves to before any tenant is known (a SECURITY DEFINER lookup). */
export interface WebhookTarget {
  organizationId: string;
  platform: Platform;
  status: string;
  webhookSecretSealed: string;
  previousWebhookSecretSealed: string | null;
  previousSecretValidUntil: Date | null;
}

/** Transactions and the tenant they act for (implemented over TenantTransaction). */
export abstract class TenantContext {
  abstract resolveWebhookTarget(integrationId: string): Promise<WebhookTarget | undefined>;
  /** Scopes the current transaction to the organization (a webhook learns its tenant mid-request). */
  abstract enter(organizationId: string): Promise<void>;
  /** A transaction of its own for the organization, acting as the integration. */
  abstract run<T>(organizationId: string, integrationId: string | undefined, fn: () => Promise<T>): Promise<T>;
  /** Cross-tenant lists for the scheduled jobs. */
  abstract githubIntegrationsToReconcile(): Promise<Array<{ organizationId: string; integrationId: string }>>;
  abstract linearIntegrationsToSync(): Promise<Array<{ organizationId: string; integrationId: string }>>;
  abstract correlationId(): string | undefined;
}

export const DELIVERY_QUEUE = 'integrations.delivery';
export const OUTBOUND_QUEUE = 'integrations.outbound';

export interface DeliveryJob extends DeliveryRef {
  integrationId: string;
}

/** An outbound call to make on the integration's behalf, with what to record when it succeeds. */
export type OutboundAction =
  | { kind: 'slack.post_message'; channel: string; text: string }
  | { kind: 'slack.respond'; responseUrl: string; text: string }
  | { kind: 'linear.update_issue'; issueId: string; input: Record<string, unknown>; mappingId: string; fingerprint: string }
  | { kind: 'linear.create_issue'; input: Record<string, unknown>; taskId: string; fingerprint: string }
  | { kind: 'github.redeliver'; deliveryId: number; source: GithubDeliverySource };

/** Where GitHub keeps a webhook's deliveries: a repository hook, or the GitHub App's own. */
export interface GithubDeliverySource {
  owner?: string;
  repo?: string;
  hookId?: number;
  app?: boolean;
}

export interface OutboundJob {
  integrationId: string;
  action: OutboundAction;
  /** Attempts already made through Retry-After re-scheduling (the queue counts its own). */
  deferrals?: number;
}

/** The durable queue, in the current transaction (implemented over JobQueue). */
export abstract class WorkQueue {
  abstract enqueueDelivery(job: DeliveryJob): Promise<string>;
  abstract enqueueOutbound(job: OutboundJob, runAt?: Date): Promise<string>;
}

/** Counters of the webhook edge (prom-client). */
export abstract class WebhookMetrics {
  abstract rejected(platform: string, reason: string): void;
  abstract accepted(platform: string, duplicate: boolean): void;
  abstract processed(platform: string, status: string, lagMs: number): void;
}

/** Another module's fact, as a reaction sees it (in the publisher's transaction). */
export interface ObservedFact {
  type: string;
  source: string;
  organizationId: string;
  entityType?: string;
  entityId?: string;
  payload?: Record<string, unknown>;
}

/** Notable facts, in the current transaction (the event log, libs/events). */
export abstract class IntegrationEvents {
  abstract publish(event: {
    type: string;
    entityType?: string;
    entityId?: string;
    severity?: 'debug' | 'info' | 'warning' | 'error' | 'critical';
    payload?: Record<string, unknown>;
  }): Promise<void>;
  /** Reacts to other modules' facts of these types, in their publisher's transaction (register at init). */
  abstract react(types: readonly string[], reaction: (fact: ObservedFact) => Promise<void>): void;
}

/** Audit entries in the current transaction. */
export abstract class IntegrationAudit {
  abstract record(entry: { action: string; entityType: string; entityId: string; before?: object | null; after?: object | null }): Promise<void>;
}

/** Another module's objects, reached through its front door (implemented in infrastructure). */
export abstract class ProjectsGateway {
  abstract repositoryExists(id: string): Promise<boolean>;
  /** Registers a repository; answers its id. */
  abstract registerRepository(input: {
    owner: string;
    name: string;
    cloneUrl: string;
    defaultBranch?: string;
    visibility: 'public' | 'private';
    externalId: string;
    description?: string;
    projectIds: string[];
  }): Promise<{ id: string; created: boolean }>;
  /** Moves a branch head; an older push than the one recorded never moves it back (`applied: false`). */
  abstract moveBranch(repositoryId: string, branch: { name: string; headSha: string; pushedAt: Date }): Promise<{ applied: boolean; branchId: string }>;
  abstract deleteBranch(repositoryId: string, name: string): Promise<boolean>;
  abstract projectExists(id: string): Promise<boolean>;
  /** The projects a repository is linked to. */
  abstract projectsOf(repositoryId: string): Promise<string[]>;
}

export interface TaskView {
  id: string;
  projectId: string;
  number: number;
  title: string;
  description: string;
  status: string;
  priority: string;
  version: number;
}

export abstract class TasksGateway {
  abstract get(id: string): Promise<TaskView | undefined>;
  abstract findByNumber(projectId: string, number: number): Promise<TaskView | undefined>;
  abstract create(input: {
    projectId: string;
    title: string;
    description?: string;
    status?: string;
    priority?: string;
    metadata?: Record<string, unknown>;
  }): Promise<TaskView>;
  /** Applies the changes; answers the task after, or `{ refused }` when the task's rules refuse the move. */
  abstract update(
    id: string,
    version: number,
    changes: { title?: string; description?: string; status?: string; priority?: string },
  ): Promise<TaskView | { refused: string }>;
}

export interface PlatformCallResult {
  status: number;
  /** Seconds the platform asked to wait (Retry-After, Slack's rate limits). */
  retryAfterSeconds?: number;
  body: unknown;
}

/** The platforms' HTTP APIs (implemented over OutboundHttp). */
export abstract class PlatformApi {
  abstract call(platform: Platform, credentials: { token?: string; appId?: string; privateKey?: string }, action: OutboundAction): Promise<PlatformCallResult>;
  abstract listGithubDeliveries(
    credentials: { token?: string; appId?: string; privateKey?: string },
    source: GithubDeliverySource,
  ): Promise<Array<{ id: number; guid: string; deliveredAt: string; statusCode: number; redelivery: boolean; event: string }>>;
}

/** A shared counter per integration (Redis across replicas, or memory). */
export abstract class CallBudget {
  /** Takes one call from the integration's budget; answers the milliseconds to wait when it is spent. */
  abstract take(integrationId: string, perMinute: number): Promise<number>;
}
