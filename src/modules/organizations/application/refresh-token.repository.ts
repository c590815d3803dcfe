export interface NewRefreshToken {
  organizationId: string;
  userId: string;
  familyId: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

export abstract class RefreshTokenRepository {
  abstract create(token: NewRefreshToken): Promise<void>;
  /** Marks the token used; false when it was already rotated or revoked (a reuse). */
  abstract rotate(id: string): Promise<boolean>;
  abstract revokeFamily(familyId: string): Promise<void>;
  abstract revokeAllOfUser(userId: string): Promise<void>;
  /** Ends every session of the transaction's user, in every organization; answers how many. */
  abstract endAllSessionsOfCurrentUser(): Promise<number>;
}
