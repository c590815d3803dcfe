import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { NewRefreshToken, RefreshTokenRepository } from '../../application/refresh-token.repository';
import { RefreshTokenEntity } from './refresh-token.entity';

@Injectable()
export class RefreshTokenTypeormRepository extends RefreshTokenRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async create(token: NewRefreshToken): Promise<void> {
    await this.transaction.manager.insert(RefreshTokenEntity, { id: randomUUID(), ...token });
  }

  async rotate(id: string): Promise<boolean> {
    // The conditional update is the reuse check: of two concurrent refreshes with one token, one wins.
    const rows = await this.transaction.query(
      `update refresh_tokens set rotated_at = now()
       where organization_id = $1 and id = $2 and rotated_at is null and revoked_at is null returning id`,
      [this.transaction.organizationId, id],
    );
    return rows.length > 0;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.transaction.manager.query(
      'update refresh_tokens set revoked_at = now() where organization_id = $1 and family_id = $2 and revoked_at is null',
      [this.transaction.organizationId, familyId],
    );
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.transaction.manager.query(
      'update refresh_tokens set revoked_at = now() where organization_id = $1 and user_id = $2 and revoked_at is null',
      [this.transaction.organizationId, userId],
    );
  }
}
