import { Page } from '@switchyard/core';
import { Integration, IntegrationConfiguration, IntegrationStatus } from '../domain/integration';
import { Platform } from '../domain/signatures';

export interface NewIntegration {
  id: string;
  platform: Platform;
  name: string;
  configuration: IntegrationConfiguration;
  credentialsSealed: string | null;
  webhookSecretSealed: string;
}

export interface IntegrationChanges {
  name?: string;
  configuration?: IntegrationConfiguration;
  credentialsSealed?: string | null;
  status?: IntegrationStatus;
  webhookSecretSealed?: string;
  previousWebhookSecretSealed?: string | null;
  previousSecretValidUntil?: Date | null;
}

export interface SealedSecrets {
  credentialsSealed: string | null;
}

/** What one outbound call did to the integration's health and circuit. */
export type CallOutcome =
  | { ok: true; at: Date }
  | { ok: false; at: Date; error: string; consecutiveFailures: number; openUntil: Date | null; status?: IntegrationStatus };

/** The current organization's integrations (explicitly filtered, and by RLS underneath). */
export abstract class IntegrationRepository {
  abstract insert(integration: NewIntegration): Promise<Integration>;
  abstract find(id: string): Promise<Integration | undefined>;
  /** The integration, its row locked until the transaction ends: for read-check-write changes (version, secret rotation). */
  abstract findLocked(id: string): Promise<Integration | undefined>;
  abstract credentials(id: string): Promise<string | null>;
  abstract webhookSecret(id: string): Promise<string | undefined>;
  abstract list(query: { limit: number; cursor?: string; platform?: Platform }): Promise<Page<Integration>>;
  /** Answers undefined when the integration is gone; a stale version is the caller's check. */
  abstract update(id: string, changes: IntegrationChanges): Promise<Integration | undefined>;
  abstract delete(id: string): Promise<boolean>;
  abstract recordCall(id: string, outcome: CallOutcome): Promise<void>;
}
