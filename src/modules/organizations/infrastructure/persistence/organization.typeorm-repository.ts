import { Injectable } from '@nestjs/common';
import { NotFoundError, StaleVersionError } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { NewOrganization, OrganizationPatch, OrganizationRepository } from '../../application/organization.repository';
import { Organization } from '../../domain/organization';
import { ORGANIZATIONS, OrganizationSlugTakenError } from '../../domain/organizations.errors';
import { OrganizationEntity } from './organization.entity';
import { CURRENT_ORGANIZATION } from './organization.sql';

@Injectable()
export class OrganizationTypeormRepository extends OrganizationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(OrganizationEntity);
  }

  async create(organization: NewOrganization): Promise<Organization> {
    // tier, settings, features and limits take the table's defaults.
    await this.repo.insert(organization).catch((error: unknown) => {
      if (violatedConstraint(error, '23505') === 'organizations_slug_key') throw new OrganizationSlugTakenError(organization.slug);
      throw error;
    });
    return (await this.findCurrent())!;
  }

  async findCurrent(): Promise<Organization | undefined> {
    const [row] = await this.transaction.query<Organization>(CURRENT_ORGANIZATION, [this.transaction.organizationId]);
    return row;
  }

  async update(id: string, expectedVersion: number, patch: OrganizationPatch): Promise<Organization> {
    const result = await this.repo.update({ id, version: expectedVersion }, {
      ...patch,
      version: () => 'version + 1',
    } as QueryDeepPartialEntity<OrganizationEntity>);
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
}
