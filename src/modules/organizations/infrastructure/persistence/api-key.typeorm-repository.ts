import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { ApiKey, ApiKeyRepository, NewApiKey } from '../../application/api-key.repository';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeyTypeormRepository extends ApiKeyRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(ApiKeyEntity);
  }

  async create(key: NewApiKey): Promise<ApiKey> {
    await this.repo.insert(key);
    return (await this.findById(key.id))!;
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<ApiKey>> {
    const builder = this.repo.createQueryBuilder('k').where('k.organization_id = :org', { org: this.transaction.organizationId });
    return keysetPage(builder, { ...query, order: 'ASC' }, toApiKey);
  }

  async findById(id: string): Promise<ApiKey | undefined> {
    const row = await this.repo.findOne({ where: { organizationId: this.transaction.organizationId, id } });
    return row ? toApiKey(row) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ organizationId: this.transaction.organizationId, id });
  }

  async createdBy(userId: string): Promise<ApiKey[]> {
    const rows = await this.repo.find({
      where: { organizationId: this.transaction.organizationId, createdBy: userId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toApiKey);
  }

  async reassign(id: string, userId: string): Promise<ApiKey> {
    await this.repo.update({ organizationId: this.transaction.organizationId, id }, { createdBy: userId });
    return (await this.findById(id))!;
  }
}

function toApiKey(row: ApiKeyEntity): ApiKey {
  const { id, name, role, createdBy, expiresAt, lastUsedAt, createdAt } = row;
  return { id, name, role, createdBy, expiresAt, lastUsedAt, createdAt };
}
