import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenIssuer, hashToken, randomToken } from '@switchyard/auth';
import { authConfig, ConfigType } from '@switchyard/config';
import { randomUUID } from 'node:crypto';
import { Role } from '@switchyard/core';
import { RefreshTokenRepository } from './refresh-token.repository';

export interface SessionTokens {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Starts or continues a login: a short-lived access token and a rotating refresh token. Runs in the tenant's transaction. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly accessTokens: AccessTokenIssuer,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async issue(userId: string, organizationId: string, role: Role, familyId: string = randomUUID()): Promise<SessionTokens> {
    const refreshToken = randomToken();
    await this.refreshTokens.create({
      organizationId,
      userId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    const { accessToken, expiresIn } = this.accessTokens.issue(userId, organizationId, role);
    return { tokenType: 'Bearer', accessToken, expiresIn, refreshToken, refreshExpiresIn: this.config.refreshTokenTtlSeconds };
  }
}
