import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { NewRefreshToken, RefreshTokenRepository } from '../../application/refresh-token.repository';
import { RefreshTokenEntity } from './refresh-token.entity';
import { END_ALL_SESSIONS_OF_CURRENT_USER } from './refresh-token.sql';

@Injectable()
export class RefreshTokenTypeormRepository extends RefreshTokenRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(RefreshTokenEntity);
  }

  async create(token: NewRefreshToken): Promise<void> {
    await this.repo.insert({ id: randomUUID(), ...token });
  }

  async rotate(id: string): Promise<boolean> {
    // The conditional update is the reuse check: of two concurrent refreshes with one token, one wins.
    const result = await this.repo.update(
      { organizationId: this.transaction.organizationId, id, rotatedAt: IsNull(), revokedAt: IsNull() },
      { rotatedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ organizationId: this.transaction.organizationId, familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.repo.update({ organizationId: this.transaction.organizationId, userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  async endAllSessionsOfCurrentUser(): Promise<number> {
    const [row] = await this.transaction.query<{ ended: number }>(END_ALL_SESSIONS_OF_CURRENT_USER);
    return row.ended;
  }
}
