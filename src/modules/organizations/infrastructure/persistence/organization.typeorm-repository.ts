import { Injectable } from '@nestjs/common';
import { StaleVersionError, NotFoundError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Organization } from '../../domain/organization';
import { NewOrganization, OrganizationPatch, OrganizationRepository } from '../../application/organization.repository';
import { OrganizationEntity } from './organization.entity';
import { ORGANIZATIONS } from '../../domain/organizations.errors';

@Injectable()
export class OrganizationTypeormRepository extends OrganizationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(OrganizationEntity);
  }

  async create(organization: NewOrganization): Promise<Organization> {
    await this.repo.insert({ ...organization, tier: 'free', settings: {}, features: {}, limits: {} });
    return (await this.findCurrent())!;
  }

  async findCurrent(): Promise<Organization | undefined> {
    // RLS shows exactly the current tenant's row; the id filter keeps the query honest anyway.
    const [row] = await this.repo.query(
      'select * from organizations where id = $1',
      [this.transaction.organizationId],
    );
    return row ? this.toDomain(row) : undefined;
  }

  async update(id: string, expectedVersion: number, patch: OrganizationPatch): Promise<Organization> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ ...patch, version: () => 'version + 1' } as QueryDeepPartialEntity<OrganizationEntity>)
      .where('id = :id and version = :expectedVersion', { id, expectedVersion })
      .execute();
    if (result.affected === 0) {
      const current = await this.findCurrent();
      if (!current) throw new NotFoundError(ORGANIZATIONS.ORGANIZATION_NOT_FOUND, 'Organization', id);
      throw new StaleVersionError('Organization', id, expectedVersion, current.version);
    }
    return (await this.findCurrent())!;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  private toDomain(row: Record<string, unknown>): Organization {
    return {
      id: row.id as string,
      name: row.name as string,
      slug: row.slug as string,
      tier: row.tier as Organization['tier'],
      settings: row.settings as Organization['settings'],
      features: row.features as Organization['features'],
      limits: row.limits as Organization['limits'],
      version: row.version as number,
      createdAt: row.created_at as Date,
      updatedAt: row.updated_at as Date,
    };
  }
}
