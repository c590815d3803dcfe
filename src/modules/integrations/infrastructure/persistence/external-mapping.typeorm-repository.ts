import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ExternalMapping, MappingRepository, NewMapping } from '../../application/mapping.repository';
import { Platform } from '../../domain/signatures';
import { ExternalMappingEntity } from './external-mapping.entity';

@Injectable()
export class ExternalMappingTypeormRepository extends MappingRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(ExternalMappingEntity);
  }

  async find(integrationId: string, externalType: string, externalId: string): Promise<ExternalMapping | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.transaction.organizationId, integrationId, externalType, externalId });
    return row ? toMapping(row) : undefined;
  }

  async findByEntity(integrationId: string, entityType: string, entityId: string): Promise<ExternalMapping | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.transaction.organizationId, integrationId, entityType, entityId });
    return row ? toMapping(row) : undefined;
  }

  async insert(mapping: NewMapping): Promise<ExternalMapping> {
    // ON CONFLICT DO NOTHING: a concurrent or replayed delivery mapping the same object keeps the first row.
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ ...mapping, organizationId: this.transaction.organizationId })
      .orIgnore()
      .execute();
    return (await this.find(mapping.integrationId, mapping.externalType, mapping.externalId))!;
  }

  async update(id: string, changes: Partial<Pick<ExternalMapping, 'entityVersion' | 'lastSentFingerprint' | 'externalUpdatedAt' | 'metadata'>>): Promise<void> {
    await this.repo.update({ organizationId: this.transaction.organizationId, id }, changes);
  }

  async listByEntityType(integrationId: string, entityType: string, limit: number): Promise<ExternalMapping[]> {
    const rows = await this.repo.find({
      where: { organizationId: this.transaction.organizationId, integrationId, entityType },
      order: { updatedAt: 'ASC', id: 'ASC' },
      take: limit,
    });
    return rows.map(toMapping);
  }
}

function toMapping(row: ExternalMappingEntity): ExternalMapping {
  return {
    id: row.id,
    integrationId: row.integrationId,
    platform: row.platform as Platform,
    externalType: row.externalType,
    externalId: row.externalId,
    entityType: row.entityType,
    entityId: row.entityId,
    entityVersion: row.entityVersion,
    lastSentFingerprint: row.lastSentFingerprint,
    externalUpdatedAt: row.externalUpdatedAt,
    metadata: row.metadata as Record<string, unknown>,
  };
}
