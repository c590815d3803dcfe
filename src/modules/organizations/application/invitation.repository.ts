import { Page, Role } from '@switchyard/core';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  createdAt: Date;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'all';

export interface NewInvitation {
  organizationId: string;
  email: string;
  role: Role;
  tokenHash: Buffer;
  invitedBy: string | null;
  expiresAt: Date;
}

export abstract class InvitationRepository {
  /** Throws InvitationPendingError when the email already has a pending invitation here. */
  abstract create(invitation: NewInvitation): Promise<Invitation>;
  abstract list(query: { limit: number; cursor?: string; status: InvitationStatus }): Promise<Page<Invitation>>;
  abstract findById(id: string): Promise<Invitation | undefined>;
  abstract delete(id: string): Promise<void>;
  /** False when someone accepted it first. */
  abstract markAccepted(id: string, userId: string): Promise<boolean>;
}
