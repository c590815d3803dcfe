import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenIssuer, hashToken, randomToken } from '@switchyard/auth';
import { authConfig, ConfigType } from '@switchyard/config';
import { randomUUID } from 'node:crypto';
import { RefreshTokenRepository } from './refresh-token.repository';

export interface SessionTokens {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/**
 * Starts or continues a login (a session: one refresh-token family): a short-lived access token
 * that names the session, and a rotating refresh token. The access token carries no role: every
 * request reads it from the membership, and checks the session is still open (logout, reuse
 * detection and removal revoke the family). Runs in the tenant's transaction.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly accessTokens: AccessTokenIssuer,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async issue(userId: string, organizationId: string, familyId: string = randomUUID()): Promise<SessionTokens> {
    const refreshToken = randomToken();
    await this.refreshTokens.create({
      organizationId,
      userId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    const { accessToken, expiresIn } = this.accessTokens.issue(userId, organizationId, familyId);
    return { tokenType: 'Bearer', accessToken, expiresIn, refreshToken, refreshExpiresIn: this.config.refreshTokenTtlSeconds };
  }
}
