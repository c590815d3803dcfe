import { Page } from '@switchyard/core';

export const COMPONENT_KINDS = ['github', 'linear', 'slack', 'codegen', 'other'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
export type CommunicationStatus = 'succeeded' | 'failed' | 'timeout' | 'refused' | 'rate_limited' | 'ignored';

export interface Component {
  id: string;
  name: string;
  kind: ComponentKind;
  integrationId: string | null;
  capabilities: string[];
  healthStatus: HealthStatus;
  avgResponseMs: number | null;
  calls: number;
  failures: number;
  lastSeenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Communication {
  id: string;
  componentId: string;
  integrationId: string | null;
  deliveryId: string | null;
  direction: 'inbound' | 'outbound';
  operation: string;
  attempt: number;
  timeoutMs: number | null;
  status: CommunicationStatus;
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  correlationId: string | null;
  createdAt: Date;
}

export type NewCommunication = Omit<Communication, 'id' | 'componentId' | 'createdAt'> & { integrationId: string };

/** The registered components of the current organization and every communication with them. */
export abstract class ComponentRegistry {
  /** The integration's component, registered on first use. */
  abstract ensureForIntegration(integration: { id: string; name: string; platform: ComponentKind }, capabilities: string[]): Promise<string>;
  /** Records a communication and folds it into the component's health and response time. */
  abstract record(communication: NewCommunication): Promise<void>;
  abstract list(query: { limit: number; cursor?: string }): Promise<Page<Component>>;
  abstract communications(integrationId: string, query: { limit: number; cursor?: string; direction?: 'inbound' | 'outbound' }): Promise<Page<Communication>>;
}
