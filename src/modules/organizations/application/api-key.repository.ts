import { Page, Role } from '@switchyard/core';

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export interface NewApiKey {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  secretHash: Buffer;
  createdBy: string | null;
  expiresAt: Date | null;
}

export abstract class ApiKeyRepository {
  abstract create(key: NewApiKey): Promise<ApiKey>;
  abstract list(query: { limit: number; cursor?: string }): Promise<Page<ApiKey>>;
  abstract findById(id: string): Promise<ApiKey | undefined>;
  abstract delete(id: string): Promise<void>;
  /** The keys a user created in the current organization. */
  abstract createdBy(userId: string): Promise<ApiKey[]>;
  /** Hands a key to another creator, whose authority it then carries. */
  abstract reassign(id: string, userId: string): Promise<ApiKey>;
}
