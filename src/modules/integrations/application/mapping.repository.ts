import { Platform } from '../domain/signatures';

export interface ExternalMapping {
  id: string;
  integrationId: string;
  platform: Platform;
  externalType: string;
  externalId: string;
  entityType: string;
  entityId: string;
  entityVersion: number | null;
  lastSentFingerprint: string | null;
  externalUpdatedAt: Date | null;
  metadata: Record<string, unknown>;
}

export type NewMapping = Omit<ExternalMapping, 'id' | 'entityVersion' | 'lastSentFingerprint' | 'externalUpdatedAt' | 'metadata'> &
  Partial<Pick<ExternalMapping, 'entityVersion' | 'lastSentFingerprint' | 'externalUpdatedAt' | 'metadata'>>;

/** External object ↔ internal entity, one table for every processor. */
export abstract class MappingRepository {
  abstract find(integrationId: string, externalType: string, externalId: string): Promise<ExternalMapping | undefined>;
  abstract findByEntity(integrationId: string, entityType: string, entityId: string): Promise<ExternalMapping | undefined>;
  /** Inserts, or answers the mapping already there for the external object (first writer wins). */
  abstract insert(mapping: NewMapping): Promise<ExternalMapping>;
  abstract update(
    id: string,
    changes: Partial<Pick<ExternalMapping, 'entityVersion' | 'lastSentFingerprint' | 'externalUpdatedAt' | 'metadata'>>,
  ): Promise<void>;
  abstract listByEntityType(integrationId: string, entityType: string, limit: number): Promise<ExternalMapping[]>;
}
